import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetGeekApi } from '../../api';
import { filledFields, languageCodeOption, requiredText, templateNameOption } from '../common';

export const description: INodeProperties[] = [
	{
		displayName: 'Download URL',
		name: 'downloadUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/recordings/call.mp4',
		description:
			'A public URL that downloads the audio or video file directly. It is sent to MeetGeek only: not echoed in the output or in errors, so a pre-signed link stays private.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [languageCodeOption, templateNameOption],
	},
];

/**
 * POST /v1/upload `{ download_url, language_code?, template_name? }`. MeetGeek answers 202 with a
 * message and analyses the file later; the MeetGeek Trigger fires when it is done.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const downloadUrl = requiredText(this, 'downloadUrl', 'Download URL', itemIndex);
	const fields = filledFields(
		this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
	);
	const api = await MeetGeekApi.connect(this, itemIndex);
	const answer = await api.request({
		method: 'POST',
		path: '/v1/upload',
		body: { download_url: downloadUrl, ...fields },
		action: 'upload the recording',
	});
	return [answer];
}
