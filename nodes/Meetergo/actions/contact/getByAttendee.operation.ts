import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi } from '../../api';
import { requiredText } from '../common';
import { showContact } from './common';

export const description: INodeProperties[] = [
	{
		displayName: 'Attendee ID',
		name: 'attendeeId',
		type: 'string',
		required: true,
		// A meetergo Trigger item (or Get Appointment) lists its attendees: the first one's ID.
		default: '={{ $json.attendees?.[0]?.id }}',
		placeholder: 'e.g. 990e8400-e29b-41d4-a716-446655440004',
		description:
			'The ID of an attendee of a booking, as a meetergo Trigger item or Get Appointment lists it under Attendees. meetergo creates or updates a contact for every attendee who books.',
	},
];

/** GET /crm/details?attendeeId=… (host root; contacts guide, "Get Contact Details"). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const attendeeId = requiredText(this, 'attendeeId', 'Attendee ID', itemIndex);
	const api = await MeetergoApi.connect(this, itemIndex);
	const contact = await api.object(
		{
			method: 'GET',
			path: '/crm/details',
			qs: { attendeeId },
			notFound: `meetergo's CRM has no contact for attendee "${attendeeId}" that this credential can see`,
		},
		'a contact',
	);
	return [showContact(contact)];
}
