import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { meetergoObject } from '../../api';

export const description: INodeProperties[] = [];

/** GET /v4/user/me: the user the credential acts as. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return [
		await meetergoObject.call(this, { method: 'GET', path: '/v4/user/me' }, 'a user', itemIndex),
	];
}
