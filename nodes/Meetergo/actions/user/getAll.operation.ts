import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import { PAGE_SIZE, howMany, limitField, returnAllField } from '../common';

export const description: INodeProperties[] = [
	{
		displayName: 'Listing users needs an admin: owners and admins of the meetergo company only.',
		name: 'adminNotice',
		type: 'notice',
		default: '',
	},
	returnAllField,
	limitField,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'User Type',
				name: 'userType',
				type: 'options',
				options: [
					{ name: 'API Platform', value: 'api-platform' },
					{ name: 'Partner', value: 'partner' },
					{ name: 'Resource', value: 'resource' },
					{ name: 'Standard', value: 'standard' },
				],
				default: 'standard',
			},
		],
	},
];

/** GET /v4/user (admins): `limit` 1–100 and `offset`; the answer holds `users` (or is a bare list). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const api = await MeetergoApi.connect(this, itemIndex);
	return await api.pages(
		{ method: 'GET', path: '/v4/user', qs: filters },
		{
			style: 'offset',
			pageParam: 'offset',
			sizeParam: 'limit',
			pageSize: PAGE_SIZE,
			keys: ['users', 'data', 'items'],
			expected: 'a list of users ({ users, ... })',
		},
		howMany(this, itemIndex).max,
	);
}
