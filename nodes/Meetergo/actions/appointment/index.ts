import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/actions/router';
import * as cancel from './cancel.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getToday from './getToday.operation';
import * as reschedule from './reschedule.operation';
import * as updateGuest from './updateGuest.operation';
import * as updateNotes from './updateNotes.operation';

export const operations: Record<string, Operation> = {
	get,
	getAll,
	getToday,
	cancel,
	reschedule,
	updateNotes,
	updateGuest,
};

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['appointment'] } },
	options: [
		{
			name: 'Cancel',
			value: 'cancel',
			action: 'Cancel an appointment',
			description: 'Cancel an appointment, one attendee of a group booking, or a whole series',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get an appointment',
			description: 'Get one appointment by ID',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many appointments',
			description: 'List appointments, filtered and sorted',
		},
		{
			name: "Get Today's",
			value: 'getToday',
			action: 'Get the appointments of today',
			description: "Get the acting user's appointments of today",
		},
		{
			name: 'Reschedule',
			value: 'reschedule',
			action: 'Reschedule an appointment',
			description: 'Move an appointment to a new start time',
		},
		{
			name: 'Update Guest',
			value: 'updateGuest',
			action: 'Update the guest of an appointment',
			description: "Change an attendee's email address",
		},
		{
			name: 'Update Notes',
			value: 'updateNotes',
			action: 'Update the notes of an appointment',
			description: "Replace an appointment's notes",
		},
	],
	default: 'get',
};
