import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import { PAGE_SIZE, howMany, limitField, returnAllField } from '../common';
import { showContact } from './common';

export const description: INodeProperties[] = [
	returnAllField,
	limitField,
	{
		displayName: 'Search',
		name: 'searchTerm',
		type: 'string',
		default: '',
		description: 'Only contacts matching this text (name or email, for example); all when empty',
	},
];

/**
 * GET /crm (host root): `searchTerm`, `page` counting from 1, `limit`; the answer is
 * `{ result: [{ item, ... }], total }` (a bare list, or one under `data`/`items`, is read too).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const searchTerm = String(this.getNodeParameter('searchTerm', itemIndex, '') ?? '').trim();
	const api = await MeetergoApi.connect(this, itemIndex);
	const entries = await api.pages(
		{ method: 'GET', path: '/crm', qs: searchTerm === '' ? {} : { searchTerm } },
		{
			style: 'page',
			first: 1,
			pageParam: 'page',
			sizeParam: 'limit',
			pageSize: PAGE_SIZE,
			keys: ['result', 'results', 'data', 'items'],
			expected: 'a page of contacts ({ result, total })',
		},
		howMany(this, itemIndex).max,
	);
	return entries.map(showContact);
}
