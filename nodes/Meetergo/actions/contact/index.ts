import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as create from './create.operation';
import * as deleteContact from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getByAttendee from './getByAttendee.operation';
import * as update from './update.operation';

export const operations: Record<string, Operation> = {
	create,
	delete: deleteContact,
	get,
	getByAttendee,
	getAll,
	update,
};

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['contact'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a contact',
			description: "Add a contact to meetergo's CRM",
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a contact',
			description: "Remove a contact from meetergo's CRM",
		},
		{ name: 'Get', value: 'get', action: 'Get a contact', description: 'Get one contact by ID' },
		{
			name: 'Get by Attendee',
			value: 'getByAttendee',
			action: 'Get the contact of a booking attendee',
			description: "Get the CRM contact of a booking's attendee (by the attendee's ID)",
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many contacts',
			description: 'List or search the contacts',
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a contact',
			description: "Change a contact's fields",
		},
	],
	default: 'create',
};
