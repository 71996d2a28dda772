import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { filled, jsonObject, withoutSecrets } from '../common';

/**
 * A contact's fields as meetergo's CRM names them (contacts guide,
 * https://developer.meetergo.com/developer-docs/core-concepts/contacts): the request body of
 * POST /crm and PATCH /crm/{id}.
 */
export const contactFieldOptions: INodeProperties[] = [
	{
		displayName: 'Account Owner ID',
		name: 'accountOwnerId',
		type: 'string',
		default: '',
		description: 'The meetergo user responsible for the contact (a user ID)',
	},
	{
		displayName: 'CRM Company ID',
		name: 'crmCompanyId',
		type: 'string',
		default: '',
		description: "The ID of the contact's company in meetergo's CRM",
	},
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
	{ displayName: 'Notes', name: 'notes', type: 'string', typeOptions: { rows: 3 }, default: '' },
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		typeOptions: { multipleValues: true },
		default: [],
		description: 'Labels such as Lead or Enterprise. On Update they replace the whole list.',
	},
	{
		displayName: 'Other Fields (JSON)',
		name: 'json',
		type: 'json',
		default: '{}',
		description: 'More fields to send as they are, for ones this node does not list',
	},
];

/**
 * Version 1's fields, kept so that saved version-1 workflows keep their values (n8n drops
 * collection values that are not among the options). They go out under meetergo's names.
 */
export const formerContactFieldOptions: INodeProperties[] = [
	{
		displayName: 'Company',
		name: 'company',
		type: 'string',
		default: '',
		description: "Not a meetergo field: use version 2's CRM Company ID",
	},
	{ displayName: 'First Name', name: 'firstname', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'lastname', type: 'string', default: '' },
	{ displayName: 'Notes', name: 'notes', type: 'string', typeOptions: { rows: 3 }, default: '' },
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
	{
		displayName: 'Other Fields (JSON)',
		name: 'json',
		type: 'json',
		default: '{}',
		description: 'More fields to send as they are, for ones this node does not list',
	},
];

/**
 * One collection property per node version: version 1 keeps its former field names, version 2
 * has meetergo's.
 */
export function fieldsByVersion(
	property: INodeProperties,
	version1: INodeProperties[],
	version2: INodeProperties[],
): INodeProperties[] {
	return [
		{ ...property, options: version1, displayOptions: { show: { '@version': [1] } } },
		{ ...property, options: version2, displayOptions: { show: { '@version': [2] } } },
	];
}

/** Names version 1 used; they are sent under meetergo's names. */
const FORMER_NAMES: Record<string, string> = {
	firstname: 'firstName',
	lastname: 'lastName',
	phone: 'phoneNumber',
};

/**
 * The body of a contact create or update from the node's fields. Older workflows' names
 * (`firstname`, `lastname`, `phone`) are sent as meetergo names them; `company` has no counterpart
 * (meetergo links a CRM company by `crmCompanyId`) and stops with a message saying so.
 */
export function contactBody(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
): IDataObject {
	const { json, ...named } = fields;
	const body: IDataObject = {
		...jsonObject(context, json ?? {}, 'Other Fields (JSON)', itemIndex),
	};
	for (const [name, value] of Object.entries(filled(named))) {
		if (name === 'company') {
			throw new NodeOperationError(context.getNode(), "meetergo's CRM has no Company field", {
				itemIndex,
				description:
					'meetergo links a contact to a CRM company by its ID: remove Company and set CRM Company ID instead.',
			});
		}
		if (name === 'tags') {
			const tags = (Array.isArray(value) ? value : String(value).split(','))
				.map((tag) => String(tag).trim())
				.filter((tag) => tag !== '');
			if (tags.length > 0) body.tags = tags;
			continue;
		}
		body[FORMER_NAMES[name] ?? name] = value;
	}
	return body;
}

/** Contact picker: search the CRM by name, email or phone, or give an ID. */
export const contactIdField: INodeProperties = {
	displayName: 'Contact',
	name: 'contactId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: "The contact in meetergo's CRM",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchContacts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 550e8400-e29b-41d4-a716-446655440000',
		},
	],
};

/**
 * A contact as output, in one shape from Create, Get, Get Many and Update: meetergo wraps one
 * contact as `{ item: {...contact}, appointments, nextAppointmentIso }`; the contact's own fields
 * come first, the wrapper's other fields are kept beside them. A bare contact is taken as it is.
 */
export function showContact(entry: IDataObject): IDataObject {
	const item = entry.item;
	if (typeof item !== 'object' || item === null || Array.isArray(item))
		return withoutSecrets(entry);
	const more = { ...entry };
	delete more.item;
	return withoutSecrets({ ...(item as IDataObject), ...withoutClashes(more, item as IDataObject) });
}

function withoutClashes(more: IDataObject, contact: IDataObject): IDataObject {
	const kept: IDataObject = {};
	for (const [key, value] of Object.entries(more)) if (!(key in contact)) kept[key] = value;
	return kept;
}
