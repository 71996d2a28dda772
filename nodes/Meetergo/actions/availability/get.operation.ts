import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { meetergoRequest, unknownMeetingTypeOrHosts } from '../../api';
import {
	filled,
	hostFields,
	hostsOrQueue,
	isoTime,
	meetingTypeField,
	requiredText,
} from '../common';

export const description: INodeProperties[] = [
	meetingTypeField,
	{
		displayName: 'From',
		name: 'start',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Start of the range to search',
	},
	{
		displayName: 'To',
		name: 'end',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'End of the range to search',
	},
	...hostFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Existing Appointment ID',
				name: 'existingAppointmentId',
				type: 'string',
				default: '',
				description:
					'When looking for a slot to move this appointment to (its own time counts as free)',
			},
			{
				displayName: 'Meeting Duration (Minutes)',
				name: 'meetingDuration',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
			},
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Berlin',
				description: "IANA time zone of the slots; the host's when empty",
			},
		],
	},
];

/**
 * GET /v4/booking-availability. The answer is passed on as one item: meetergo's docs do not show
 * its shape, so it is not reshaped (a bare list of slots becomes `{ slots: [...] }`).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const meetingTypeId = requiredText(this, 'meetingTypeId', 'Meeting Type', itemIndex);
	const start = isoTime(this, this.getNodeParameter('start', itemIndex, ''));
	const end = isoTime(this, this.getNodeParameter('end', itemIndex, ''));
	if (start === '') requiredText(this, 'start', 'From', itemIndex);
	if (end === '') requiredText(this, 'end', 'To', itemIndex);
	const hosts = hostsOrQueue(this, itemIndex);
	const qs: IDataObject = {
		meetingTypeId,
		start,
		end,
		...(Array.isArray(hosts.hostIds) ? { hostIds: (hosts.hostIds as string[]).join(',') } : hosts),
		...filled(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	};
	const answer = await meetergoRequest.call(
		this,
		{
			method: 'GET',
			path: '/v4/booking-availability',
			qs,
			notFound: unknownMeetingTypeOrHosts(meetingTypeId),
			invalid:
				'Check From and To (ISO 8601, From before To), the meeting type, and the hosts or queue.',
		},
		itemIndex,
	);
	if (Array.isArray(answer)) return [{ meetingTypeId, start, end, slots: answer as IDataObject[] }];
	return [{ meetingTypeId, start, end, ...((answer ?? {}) as IDataObject) }];
}
