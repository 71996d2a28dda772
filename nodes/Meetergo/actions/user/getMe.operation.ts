import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MeetergoApi } from '../../api';

export const description: INodeProperties[] = [];

/** GET /v4/user/me: the user the credential acts as. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const api = await MeetergoApi.connect(this, itemIndex);
	return [await api.object({ method: 'GET', path: '/v4/user/me' }, 'a user')];
}
