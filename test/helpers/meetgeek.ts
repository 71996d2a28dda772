import { createHmac } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookFunctions,
	IWebhookResponseData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { MeetingWebhooksMeetGeekApi } from '../../credentials/MeetingWebhooksMeetGeekApi.credentials';
import { answersSent, FakeN8n, RecordedResponse, type Delivery } from './fakeN8n';
import { httpRequestWithAuthentication } from './n8nHttp';

/** The seed document's example meeting id. */
export const SEED_MEETING_ID = '9433976b-cfa3-4373-9afb-eb0b7a5915df';

/** The two bodies MeetGeek's webhook document shows, byte for byte as compact JSON. */
export const SUCCESS_BODY = JSON.stringify({
	message: 'File analyzed successfully',
	meeting_id: SEED_MEETING_ID,
});
export const FAILURE_BODY = JSON.stringify({ message: 'File analyzed failed' });

export function successBody(meetingId: string): string {
	return JSON.stringify({ message: 'File analyzed successfully', meeting_id: meetingId });
}

/** The seed's formula (its Node.js example): hex HMAC-SHA256 of the raw body bytes under the secret. */
export function signMeetGeek(signingKey: string, body: Buffer | string): string {
	return createHmac('sha256', signingKey).update(body).digest('hex');
}

/** A delivery as MeetGeek sends it: JSON body, `X-MG-Signature` over exactly those bytes. */
export function meetGeekDelivery(
	options: { signingKey?: string; body?: Buffer | string } = {},
): Delivery & { rawBody: Buffer } {
	const body = options.body ?? SUCCESS_BODY;
	const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	const headers: Record<string, string | string[]> = { 'content-type': 'application/json' };
	if (options.signingKey !== undefined)
		headers['x-mg-signature'] = signMeetGeek(options.signingKey, rawBody);
	return { rawBody, headers };
}

export function meetGeekNode(
	parameters: INode['parameters'] = {},
	credentials: INode['credentials'] = {
		meetingWebhooksMeetGeekWebhookApi: { id: '1', name: 'MeetGeek webhook' },
	},
): INode {
	return {
		id: 'node-meetgeek',
		name: 'MeetGeek Trigger',
		type: 'n8n-nodes-meeting-webhooks.meetGeekTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			authentication: 'signingSecret',
			events: ['analysis.succeeded', 'analysis.failed'],
			options: {},
			...parameters,
		},
		credentials,
	};
}

export interface DeliveryResult {
	/** HTTP status n8n answered with (200 when the execution started: onReceived + noData). */
	status: number;
	/** What the node wrote to the response object, if it wrote anything. */
	body: unknown;
	/** The fake express response itself, for asserting exactly what was written. */
	response: RecordedResponse;
	/** Whether webhook() handed n8n an execution to start. */
	started: boolean;
	/** The items of that execution, unless it failed. */
	execution: INodeExecutionData[] | undefined;
	/** The error the execution failed with (n8n records an error execution; the HTTP answer was already sent). */
	error: Error | undefined;
	webhookResult: IWebhookResponseData;
	/** How many HTTP answers were sent in all, the node's and n8n's (see `answersSent`). */
	answers: number;
}

/**
 * FakeN8n for the MeetGeek Trigger: its execute() gets `helpers.httpRequestWithAuthentication` over
 * real HTTP (to the loopback MeetGeek API fake) and a configurable continueOnFail, and a failing
 * execution is modelled as n8n does it: the webhook was already answered, the error is recorded,
 * and the static data the execution changed before failing is still saved
 * (WorkflowExecute passes it to the workflowExecuteAfter hook on the error path too).
 */
export class MeetGeekN8n extends FakeN8n {
	continueOnFail = false;
	private executionWorkflow: Workflow | undefined;

	constructor(
		private readonly triggerNode: INodeType,
		node: INode,
		private readonly credentialData: Record<string, IDataObject>,
		workflowId?: string,
	) {
		super(triggerNode, node, credentialData, workflowId);
	}

	executeContext(
		workflow: Workflow,
		items: INodeExecutionData[],
		mode: WorkflowExecuteMode,
	): IExecuteFunctions {
		const context = super.executeContext(workflow, items, mode);
		return Object.assign(context, {
			continueOnFail: () => this.continueOnFail,
			helpers: {
				httpRequestWithAuthentication: httpRequestWithAuthentication(
					this.node,
					{ meetingWebhooksMeetGeekApi: new MeetingWebhooksMeetGeekApi() },
					this.credentialData,
				),
			},
		});
	}

	/** One delivery through webhook() and, if it starts one, the execution. */
	async deliver(
		delivery: Delivery,
		mode: WorkflowExecuteMode = 'webhook',
	): Promise<DeliveryResult> {
		const workflow = this.loadWorkflow();
		const response = new RecordedResponse();
		const webhookResult = await this.triggerNode.webhook!.call(
			this.webhookContext(workflow, delivery, response, mode) as IWebhookFunctions,
		);
		const answers = answersSent(response, webhookResult);
		if (webhookResult.workflowData === undefined) {
			this.saveIfChanged(workflow);
			return {
				status: response.statusCode ?? 200,
				body: response.body,
				response,
				started: false,
				execution: undefined,
				error: undefined,
				webhookResult,
				answers,
			};
		}
		// n8n ≥ 2.20 drops the request's own static-data changes when an execution starts (see FakeN8n).
		this.executionWorkflow = this.loadWorkflow();
		const context = this.executeContext(
			this.executionWorkflow,
			webhookResult.workflowData[0],
			mode,
		);
		let execution: INodeExecutionData[] | undefined;
		let error: Error | undefined;
		try {
			[execution] = (await this.triggerNode.execute!.call(context)) as INodeExecutionData[][];
			this.executions.push(execution);
		} catch (caught) {
			error = caught as Error;
		}
		if (mode !== 'manual') this.saveIfChanged(this.executionWorkflow);
		return {
			status: response.statusCode ?? 200,
			body: response.body,
			response,
			started: true,
			execution,
			error,
			webhookResult,
			answers,
		};
	}

	ledgerSize(): number {
		const stored = JSON.parse(this.storedStaticData) as Record<
			string,
			{ deliveryLedger?: { size: number } }
		>;
		return stored[`node:${this.node.name}`]?.deliveryLedger?.size ?? 0;
	}

	private saveIfChanged(workflow: Workflow): void {
		if ((workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true) {
			this.storedStaticData = JSON.stringify(workflow.staticData);
		}
	}
}
