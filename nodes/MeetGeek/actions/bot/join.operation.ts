import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetGeekApi } from '../../api';
import { filledFields, languageCodeOption, requiredText, templateNameOption } from '../common';

export const description: INodeProperties[] = [
	{
		displayName: 'Join Link',
		name: 'joinLink',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://meet.google.com/abc-defg-hij',
		description:
			'The video call to send the MeetGeek bot to (Google Meet, Zoom, Teams). Not echoed in the output or in errors, as it may carry a passcode.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			languageCodeOption,
			{
				displayName: 'Meeting Name',
				name: 'meeting_name',
				type: 'string',
				default: '',
				description: 'The name the meeting gets in MeetGeek',
			},
			templateNameOption,
		],
	},
];

/** POST /v1/bot/join `{ join_link, language_code?, template_name?, meeting_name? }`: `{ meeting_id, message }`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const joinLink = requiredText(this, 'joinLink', 'Join Link', itemIndex);
	const fields = filledFields(
		this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
	);
	const api = await MeetGeekApi.connect(this, itemIndex);
	return [
		await api.request({
			method: 'POST',
			path: '/v1/bot/join',
			body: { join_link: joinLink, ...fields },
			action: 'send the MeetGeek bot to the meeting',
		}),
	];
}
