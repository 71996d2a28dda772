import type { IHookFunctions } from 'n8n-workflow';

import { ensureLedger } from './dedupe';

/**
 * `webhookMethods` for providers whose webhook URL the user pastes in by hand (MeetBit's Admin
 * Panel, MeetGeek's Integrations page): there is no API to register with, so there is nothing
 * to check, create or delete when the workflow is activated or deactivated (activation only gives
 * the node's static data an empty dedupe ledger).
 */
export const manualRegistration = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			// The one thing activation does: mark the node's static data as holding a ledger (see dedupe).
			ensureLedger(this.getWorkflowStaticData('node'));
			return true;
		},
		async create(): Promise<boolean> {
			return true;
		},
		async delete(): Promise<boolean> {
			return true;
		},
	},
};
