import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { includeDetailsField, limitField, listMeetings, returnAllField } from '../common';

export const description: INodeProperties[] = [returnAllField, limitField, includeDetailsField];

/**
 * GET /v1/meetings, following `pagination.next_cursor`: one item per meeting
 * (`meeting_id`, `timestamp_start_utc`, `timestamp_end_utc`).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await listMeetings(this, itemIndex, { path: '/v1/meetings', action: 'list the meetings' });
}
