import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { commitDeliveries } from '../shared/dedupe';
import { docsLink } from '../shared/docsLink';
import { handleWebhook, type ConfirmResult } from '../shared/handleWebhook';
import {
	dedupeMaxEntriesOption,
	dedupeWindowOption,
	includeHeadersOption,
	type DeliveryOptions,
} from '../shared/options';
import { DEFAULT_TRIGGER_VERSION, TRIGGER_VERSIONS } from '../shared/triggerVersions';
import { MeetergoApi } from './api';
import {
	MEETERGO_EVENTS,
	meetergoProfile,
	outputRecord,
	redactRecord,
	URL_TOKEN_PARAMETER,
} from './profile';
import {
	expectedToken,
	keepRegistrationCurrent,
	registrationExists,
	register,
	storedRegistrationOutdated,
	unregister,
} from './registration';
import { APPOINTMENT_EVENTS, normaliseDelivery, type MeetergoDelivery } from './schema';

interface MeetergoTriggerOptions extends DeliveryOptions {
	removeAppointmentSecret?: boolean;
	removeAttendeeContacts?: boolean;
	verifyWithApi?: boolean;
}

export class MeetergoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'meetergo Trigger',
		name: 'meetergoTrigger',
		icon: { light: 'file:meetergo.svg', dark: 'file:meetergo.dark.svg' },
		group: ['trigger'],
		version: TRIGGER_VERSIONS,
		defaultVersion: DEFAULT_TRIGGER_VERSION,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Handle meetergo events via webhooks',
		defaults: { name: 'meetergo Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'meetingWebhooksMeetergoApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// meetergo waits at most 30 seconds and wants a quick 200.
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: `Activating the workflow registers a webhook with meetergo (one of the company's 6) and deactivating removes it. n8n must be reachable over HTTPS: set N8N_WEBHOOK_URL (WEBHOOK_URL before n8n 2.35). ${docsLink('nodes.md', 'meetergo-trigger', 'Setup guide')}`,
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['booking_created', 'booking_cancelled', 'booking_rescheduled'],
				description:
					'Which events start the workflow. The webhook is registered for these only; anything else that arrives is acknowledged with 200 and starts nothing.',
				options: MEETERGO_EVENTS,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					dedupeMaxEntriesOption,
					dedupeWindowOption,
					includeHeadersOption,
					{
						displayName: 'Remove Appointment Secret',
						name: 'removeAppointmentSecret',
						type: 'boolean',
						default: true,
						description:
							'Whether to drop the appointment\'s "secret" (the token that cancels or reschedules it without logging in) from the output. On unless turned off here.',
					},
					{
						displayName: 'Remove Attendee Contact Details',
						name: 'removeAttendeeContacts',
						type: 'boolean',
						default: false,
						description:
							'Whether to drop "email" and "phone" from every entry of "attendees" in the output',
					},
					{
						displayName: 'Verify With Meetergo API',
						name: 'verifyWithApi',
						type: 'boolean',
						default: false,
						description:
							"Whether to fetch each booking event's appointment from meetergo's API and output that copy instead of the received one. A delivery naming an appointment meetergo does not have is rejected. Costs one API call per booking event (limit 100 per minute).",
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await registrationExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await register(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unregister(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook<MeetergoDelivery>(this, {
			profile: meetergoProfile,
			secretHint: 'the registration token this trigger adds to the URL it registers with meetergo',
			acknowledgement: 'json',
			urlToken: { parameter: URL_TOKEN_PARAMETER, expected: expectedToken },
			confirm: async (context, { payload }) => await confirmDelivery(context, payload),
		});
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// No execution's save may put back an older registration than the newest activation's.
		await keepRegistrationCurrent(this);
		return [(await commitDeliveries(this)).map(({ item }) => item)];
	}
}

/** Optionally checks the delivery against the API, then builds the one output shape. */
async function confirmDelivery(
	context: IWebhookFunctions,
	payload: MeetergoDelivery,
): Promise<ConfirmResult> {
	const options = context.getNodeParameter('options', {}) as MeetergoTriggerOptions;
	const { event, data, envelope } = normaliseDelivery(payload);
	let record = data;
	let verifiedWithApi = false;
	if (options.verifyWithApi === true && APPOINTMENT_EVENTS.includes(event)) {
		// The schema guarantees a booking event's id.
		const api = await MeetergoApi.connect(context);
		const appointment = await api.getAppointment(String(data.id), {
			notFound: 'undefined',
		});
		if (appointment === undefined) {
			return {
				ok: false,
				status: 422,
				code: 'not_confirmed',
				message:
					"meetergo's API has no appointment with the id this delivery names, so the workflow was not started. A forged delivery looks like this; if it was genuine, check that the meetergo API credential belongs to the same company.",
				check:
					'the appointment id in the body; the meetergo API credential (it must belong to the company that sent the delivery)',
			};
		}
		record = appointment;
		verifiedWithApi = true;
	}
	const json = redactRecord(outputRecord(event, record), {
		appointmentSecret: options.removeAppointmentSecret !== false,
		attendeeContacts: options.removeAttendeeContacts === true,
	});
	const delivery: IDataObject = { envelope, verifiedWithApi };
	return {
		ok: true,
		json: json as IDataObject,
		delivery,
		// For execute(): write back the registration this token belongs to (never the token itself).
		registrationOutdated: storedRegistrationOutdated(context),
	};
}
