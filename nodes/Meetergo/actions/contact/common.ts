import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** Contact fields as meetergo's booking attendee names them; the CRM's own body is not documented. */
export const contactFieldOptions: INodeProperties[] = [
	{ displayName: 'Company', name: 'company', type: 'string', default: '' },
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
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

export const contactIdField: INodeProperties = {
	displayName: 'Contact ID',
	name: 'contactId',
	type: 'string',
	required: true,
	default: '',
	description: "The contact's ID in meetergo's CRM",
};

/**
 * A CRM list entry as output: meetergo lists contacts as `{ item: {...contact}, ...more }`; the
 * contact's own fields come first, the entry's other fields are kept where they do not clash.
 */
export function showContact(entry: IDataObject): IDataObject {
	const item = entry.item;
	if (typeof item !== 'object' || item === null || Array.isArray(item)) return entry;
	const more = { ...entry };
	delete more.item;
	return { ...more, ...(item as IDataObject) };
}
