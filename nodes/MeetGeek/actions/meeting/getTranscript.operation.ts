import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetGeekApi, transcriptCall } from '../../api';
import { howMany, limitField, meetingIdField, requiredText, returnAllField } from '../common';

/**
 * Version 1 fetched the whole transcript unless told otherwise; n8n stores only parameters that
 * differ from their default, so those workflows keep that default. From 1.1 a transcript opens on
 * a Limit like every other list: a long transcript costs one call of the daily quota per page.
 */
export const description: INodeProperties[] = [
	meetingIdField('The meeting whose transcript to get'),
	{ ...returnAllField, default: true, displayOptions: { show: { '@version': [1] } } },
	{ ...returnAllField, displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } } },
	limitField,
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'One Item per Sentence',
				value: 'sentences',
				description: 'Each sentence (ID, speaker, timestamp, transcript) with the meeting_id',
			},
			{
				name: 'One Item With All Sentences',
				value: 'single',
				description: 'The meeting_id and the list of sentences',
			},
			{
				name: 'One Item With the Text',
				value: 'text',
				description: 'The sentences joined into one text, one line per sentence',
			},
		],
		default: 'sentences',
	},
	{
		displayName: 'Include Speaker Names',
		name: 'includeSpeakers',
		type: 'boolean',
		default: true,
		description: 'Whether each line of the text starts with "Speaker: "',
		displayOptions: { show: { output: ['text'] } },
	},
];

/**
 * GET /v1/meetings/{id}/transcript, following `pagination.next_cursor` (each page one API call):
 * `sentences: [{ id, speaker, timestamp, transcript }]`.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const meetingId = requiredText(this, 'meetingId', 'Meeting ID', itemIndex);
	const api = await MeetGeekApi.connect(this, itemIndex);
	const { items, first, pages } = await api.all(
		transcriptCall(meetingId),
		'sentences',
		howMany(this, itemIndex),
	);
	const id = first.meeting_id ?? meetingId;
	switch (this.getNodeParameter('output', itemIndex, 'sentences')) {
		case 'single':
			return [{ meeting_id: id, sentences: items, pages }];
		case 'text': {
			const speakers = this.getNodeParameter('includeSpeakers', itemIndex, true) === true;
			return [
				{ meeting_id: id, text: joinSentences(items, speakers), sentences: items.length, pages },
			];
		}
		default:
			return items.map((sentence) => ({ meeting_id: id, ...sentence }));
	}
}

/** One line per sentence, "Speaker: words" (or the words alone), in MeetGeek's order. */
export function joinSentences(sentences: IDataObject[], speakers: boolean): string {
	return sentences
		.map((sentence) => {
			const words = typeof sentence.transcript === 'string' ? sentence.transcript.trim() : '';
			const speaker = typeof sentence.speaker === 'string' ? sentence.speaker.trim() : '';
			if (words === '') return '';
			return speakers && speaker !== '' ? `${speaker}: ${words}` : words;
		})
		.filter((line) => line !== '')
		.join('\n');
}
