/**
 * `webhookMethods` for providers whose webhook URL the user pastes in by hand (MeetBit's Admin
 * Panel, MeetGeek's Integrations page): there is no API to register with, so there is nothing
 * to check, create or delete when the workflow is activated or deactivated.
 */
export const manualRegistration = {
	default: {
		async checkExists(): Promise<boolean> {
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
