import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { MeetergoApi, redactEndpoint } from './api';

/**
 * The node's dropdowns, loaded from meetergo with the node's credential: meeting types and hosts
 * (the company's users; a user who may not list them, not being an admin, sees only themself).
 */

function meetingTypeName(type: IDataObject): string {
	const info = type.meetingInfo as IDataObject | undefined;
	const name = info?.name ?? type.name ?? type.title ?? type.slug ?? type.id;
	return String(name);
}

function userName(user: IDataObject): string {
	const name = [user.givenName, user.familyName]
		.filter((part) => typeof part === 'string' && part !== '')
		.join(' ');
	const label = name !== '' ? name : String(user.fullName ?? user.email ?? user.id);
	return typeof user.email === 'string' && label !== user.email
		? `${label} (${user.email})`
		: label;
}

async function meetingTypes(context: ILoadOptionsFunctions): Promise<IDataObject[]> {
	const api = await MeetergoApi.connect(context);
	return await api.list(
		{ method: 'GET', path: '/v4/meeting-type' },
		['meetingTypes', 'data', 'items'],
		'a list of meeting types',
	);
}

async function users(context: ILoadOptionsFunctions): Promise<IDataObject[]> {
	const api = await MeetergoApi.connect(context);
	try {
		return await api.pages(
			{ method: 'GET', path: '/v4/user' },
			{
				style: 'offset',
				pageParam: 'offset',
				sizeParam: 'limit',
				pageSize: 100,
				keys: ['users', 'data', 'items'],
				expected: 'a list of users',
			},
			500,
		);
	} catch {
		// Only admins may list users: everyone else can still pick themself.
		return [await api.object({ method: 'GET', path: '/v4/user/me' }, 'a user')];
	}
}

function contactName(contact: IDataObject): string {
	const name = [contact.firstName, contact.lastName]
		.filter((part) => typeof part === 'string' && part !== '')
		.join(' ');
	const reach = contact.email ?? contact.phoneNumber;
	const label = name !== '' ? name : String(reach ?? contact.id);
	return typeof reach === 'string' && label !== reach ? `${label} (${reach})` : label;
}

function matches(name: string, filter: string | undefined): boolean {
	return filter === undefined || filter === '' || name.toLowerCase().includes(filter.toLowerCase());
}

export const loadOptions = {
	async getHosts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return (await users(this))
			.filter((user) => typeof user.id === 'string')
			.map((user) => ({ name: userName(user), value: String(user.id) }))
			.sort((a, b) => a.name.localeCompare(b.name));
	},
	async getMeetingTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return (await meetingTypes(this))
			.filter((type) => typeof type.id === 'string')
			.map((type) => ({ name: meetingTypeName(type), value: String(type.id) }))
			.sort((a, b) => a.name.localeCompare(b.name));
	},
};

export const listSearch = {
	async searchMeetingTypes(
		this: ILoadOptionsFunctions,
		filter?: string,
	): Promise<INodeListSearchResult> {
		const results = (await meetingTypes(this))
			.filter((type) => typeof type.id === 'string')
			.map((type) => ({ name: meetingTypeName(type), value: String(type.id) }))
			.filter((option) => matches(option.name, filter));
		return { results };
	},
	/** The CRM's own search (name, email or phone), first page: the CRM can hold many contacts. */
	async searchContacts(
		this: ILoadOptionsFunctions,
		filter?: string,
	): Promise<INodeListSearchResult> {
		const term = filter?.trim() ?? '';
		const api = await MeetergoApi.connect(this);
		const entries = await api.list(
			{
				method: 'GET',
				path: '/crm',
				qs: { page: 1, limit: 100, ...(term === '' ? {} : { searchTerm: term }) },
			},
			['result'],
			'a page of contacts ({ result, total })',
		);
		const results = entries
			.map((entry) => (typeof entry.item === 'object' && entry.item !== null ? entry.item : entry))
			.map((contact) => contact as IDataObject)
			.filter((contact) => typeof contact.id === 'string')
			.map((contact) => ({ name: contactName(contact), value: String(contact.id) }));
		return { results };
	},
	async searchWebhooks(
		this: ILoadOptionsFunctions,
		filter?: string,
	): Promise<INodeListSearchResult> {
		const api = await MeetergoApi.connect(this);
		const results = (await api.listWebhooks())
			.map((hook) => ({
				name: `${hook.description !== undefined && hook.description !== null && hook.description !== '' ? `${hook.description} – ` : ''}${redactEndpoint(hook.endpoint)}`,
				value: hook.id,
			}))
			.filter((option) => matches(option.name, filter));
		return { results };
	},
	async searchHosts(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const results = (await users(this))
			.filter((user) => typeof user.id === 'string')
			.map((user) => ({ name: userName(user), value: String(user.id) }))
			.filter((option) => matches(option.name, filter));
		return { results };
	},
};
