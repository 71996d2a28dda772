import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import {
	PAGE_SIZE,
	filled,
	howMany,
	secretOptions,
	isoTime,
	limitField,
	returnAllField,
	showAppointment,
} from '../common';

export const description: INodeProperties[] = [
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
				displayName: 'End',
				name: 'end',
				type: 'dateTime',
				default: '',
				description: 'Only appointments before this time',
			},
			{
				displayName: 'Meeting Type ID',
				name: 'meetingTypeId',
				type: 'string',
				default: '',
				description: 'Only appointments of this meeting type',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Text to search for (attendee name or email, for example)',
			},
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				options: [
					{ name: 'Created At', value: 'appointment.createdAt' },
					{ name: 'Start', value: 'appointment.start' },
				],
				default: 'appointment.start',
			},
			{
				displayName: 'Sort Direction',
				name: 'sortDirection',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'ASC' },
					{ name: 'Descending', value: 'DESC' },
				],
				default: 'ASC',
			},
			{
				displayName: 'Start',
				name: 'start',
				type: 'dateTime',
				default: '',
				description: 'Only appointments from this time on',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Active', value: 'active' },
					{ name: 'Cancelled', value: 'cancelled' },
				],
				default: 'active',
				description:
					"Only appointments with this status. meetergo's docs do not list the values; an expression passes any other value on as given.",
			},
			{
				displayName: 'User',
				name: 'userId',
				type: 'resourceLocator',
				default: { mode: 'list', value: '' },
				description: "Only this user's appointments (admins only)",
				modes: [
					{
						displayName: 'From List',
						name: 'list',
						type: 'list',
						typeOptions: { searchListMethod: 'searchHosts', searchable: true },
					},
					{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. a user UUID' },
				],
			},
		],
	},
	secretOptions,
];

/**
 * GET /v4/appointment/paginated: `page` counts from 0, `pageSize` up to 100; the answer is
 * `{ appointments, total }` (a bare array, or the list under `data`/`items`, is read too).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const given = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	// The user picker gives `{ mode, value }`; a version-1 workflow saved the ID as text.
	const user = given.userId;
	const filters = filled({
		...given,
		userId:
			typeof user === 'object' && user !== null && 'value' in user
				? (user as IDataObject).value
				: user,
	});
	for (const name of ['start', 'end'])
		if (filters[name] !== undefined) filters[name] = isoTime(this, filters[name]);
	const api = await MeetergoApi.connect(this, itemIndex);
	const appointments = await api.pages(
		{ method: 'GET', path: '/v4/appointment/paginated', qs: filters },
		{
			style: 'page',
			first: 0,
			pageParam: 'page',
			sizeParam: 'pageSize',
			pageSize: PAGE_SIZE,
			keys: ['appointments', 'data', 'items'],
			expected: 'a page of appointments ({ appointments, total })',
		},
		howMany(this, itemIndex).max,
	);
	return appointments.map((appointment) => showAppointment(this, itemIndex, appointment));
}
