import {
	NodeHelpers,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IWebhookFunctions,
	type Workflow,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { MeetingWebhooksMeetergoApi } from '../../credentials/MeetingWebhooksMeetergoApi.credentials';
import { FakeN8n, RecordedResponse, type Delivery, type ReceiveResult } from './fakeN8n';
import { httpRequestWithAuthentication } from './n8nHttp';

export const BOOKING_EVENTS = ['booking_created', 'booking_cancelled', 'booking_rescheduled'];

/** A meetergo Trigger node as a workflow holds it (the booking events, default options unless given). */
export function meetergoTriggerNode(parameters: INode['parameters'] = {}): INode {
	return {
		id: 'node-meetergo-trigger',
		name: 'meetergo Trigger',
		type: 'n8n-nodes-meeting-webhooks.meetergoTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId: '4f6b2c1e-9d7a-4c3b-8e2f-1a0b9c8d7e6f',
		parameters: { events: BOOKING_EVENTS, options: {}, ...parameters },
		credentials: { meetingWebhooksMeetergoApi: { id: '1', name: 'meetergo' } },
	};
}

/** A delivery with the query string n8n would parse from the request URL. */
export interface MeetergoDelivery extends Delivery {
	query?: Record<string, string | string[]>;
}

/**
 * The credential data as n8n hands it to a node: `applyDefaultsAndOverwrites` runs
 * `NodeHelpers.getNodeParameters(properties, data, true, false)`, which fills defaults and drops
 * fields hidden by displayOptions (so a personal token never carries a stale User ID).
 */
export function meetergoCredentialAsN8nGivesIt(data: IDataObject): IDataObject {
	return NodeHelpers.getNodeParameters(
		new MeetingWebhooksMeetergoApi().properties,
		data as INodeParameters,
		true,
		false,
		null,
		null,
	) as IDataObject;
}

/** Node parameters as n8n stores them: defaults filled in, parameters that are not shown removed. */
export function withDefaults(
	nodeType: INodeType,
	parameters: INodeParameters,
	typeVersion = 1,
): INodeParameters {
	const node = { typeVersion };
	return (
		NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			parameters,
			true,
			false,
			node,
			nodeType.description,
		) ?? {}
	);
}

function parameterGetter(parameters: INodeParameters) {
	return (name: string, fallback?: unknown): unknown => {
		const value = name
			.split('.')
			.reduce<unknown>((object, key) => (object as IDataObject | undefined)?.[key], parameters);
		return value === undefined ? fallback : value;
	};
}

export function credentialTypes() {
	return { meetingWebhooksMeetergoApi: new MeetingWebhooksMeetergoApi() };
}

/**
 * FakeN8n for the meetergo Trigger: adds what n8n gives the trigger beyond FakeN8n —
 * the query string in webhook(), `helpers.httpRequestWithAuthentication` over real HTTP to the
 * loopback meetergo fake (in webhook() and in the hook functions), the webhook URL — and runs
 * the registration lifecycle as n8n's WebhookService does: `checkExists`, then `create` if it said
 * false; `delete` on deactivation; static data saved afterwards if it changed.
 */
export class MeetergoN8n extends FakeN8n {
	/** What `getNodeWebhookUrl('default')` returns (production URL unless a test changes it). */
	webhookUrl: string | undefined;
	/** What the hook functions wrote to n8n's log with `logger.warn`. */
	warnings: string[] = [];

	constructor(
		private readonly triggerType: INodeType,
		node: INode,
		private readonly credentialData: IDataObject,
		workflowId: string,
	) {
		const credentials = {
			meetingWebhooksMeetergoApi: meetergoCredentialAsN8nGivesIt(credentialData),
		};
		super(
			triggerType,
			{ ...node, parameters: withDefaults(triggerType, node.parameters) },
			credentials,
			workflowId,
		);
		this.webhookUrl = `https://n8n.example.com/webhook/${node.webhookId ?? node.id}/webhook`;
	}

	private get processedCredentials(): Record<string, IDataObject> {
		return { meetingWebhooksMeetergoApi: meetergoCredentialAsN8nGivesIt(this.credentialData) };
	}

	webhookContext(
		workflow: Workflow,
		delivery: Delivery,
		response: RecordedResponse,
		mode: WorkflowExecuteMode,
	): IWebhookFunctions {
		const context = super.webhookContext(workflow, delivery, response, mode);
		const query = (delivery as MeetergoDelivery).query ?? {};
		return Object.assign(context, {
			getQueryData: () => query,
			getNodeWebhookUrl: () => this.webhookUrl,
			helpers: {
				...context.helpers,
				httpRequestWithAuthentication: httpRequestWithAuthentication(
					this.node,
					credentialTypes(),
					this.processedCredentials,
				),
			},
		});
	}

	executeContext(
		workflow: Workflow,
		items: INodeExecutionData[],
		mode: WorkflowExecuteMode,
	): IExecuteFunctions {
		const context = super.executeContext(workflow, items, mode);
		return Object.assign(context, {
			getCredentials: async (type: string) => this.processedCredentials[type],
			helpers: {
				httpRequestWithAuthentication: httpRequestWithAuthentication(
					this.node,
					credentialTypes(),
					this.processedCredentials,
				),
			},
		});
	}

	hookContext(workflow: Workflow, mode: WorkflowExecuteMode = 'webhook'): IHookFunctions {
		const context = {
			getNode: () => this.node,
			getWorkflow: () => ({ id: workflow.id, name: workflow.name, active: true }),
			getMode: () => mode,
			getActivationMode: () => 'activate',
			getWebhookName: () => 'default',
			logger: {
				warn: (message: string) => this.warnings.push(message),
				info: () => undefined,
				debug: () => undefined,
				error: () => undefined,
			},
			getNodeWebhookUrl: () => this.webhookUrl,
			getNodeParameter: parameterGetter(this.node.parameters),
			getCredentials: async (type: string) => {
				const data = this.processedCredentials[type];
				if (data === undefined) throw new Error(`Node does not have credentials of type ${type}`);
				return data;
			},
			getWorkflowStaticData: (type: string) => workflow.getStaticData(type, this.node),
			helpers: {
				httpRequestWithAuthentication: httpRequestWithAuthentication(
					this.node,
					credentialTypes(),
					this.processedCredentials,
				),
			},
		};
		return context as unknown as IHookFunctions;
	}

	/** Activation as n8n runs it. Resolves to whether `create` ran; rejects with create's error. */
	async activate(): Promise<{ created: boolean }> {
		const workflow = this.loadWorkflow();
		const methods = this.triggerType.webhookMethods!.default!;
		const context = this.hookContext(workflow);
		const exists = await methods.checkExists.call(context);
		if (!exists) await methods.create.call(context);
		this.persist(workflow);
		return { created: !exists };
	}

	/** Deactivation as n8n runs it. */
	async deactivate(): Promise<boolean> {
		const workflow = this.loadWorkflow();
		const result = await this.triggerType.webhookMethods!.default!.delete.call(
			this.hookContext(workflow),
		);
		this.persist(workflow);
		return result;
	}

	/** The trigger node's static data as stored in the database. */
	stored(): IDataObject {
		const all = JSON.parse(this.storedStaticData) as Record<string, IDataObject>;
		return all[`node:${this.node.name}`] ?? {};
	}

	/** A delivery to the URL that was registered with meetergo (its query string included). */
	atRegisteredUrl(
		body: string | Buffer,
		endpoint = String(this.stored().endpoint),
	): MeetergoDelivery {
		const url = new URL(endpoint);
		const query: Record<string, string | string[]> = {};
		for (const [name, value] of url.searchParams) {
			const previous = query[name];
			query[name] = previous === undefined ? value : ([] as string[]).concat(previous, value);
		}
		return { rawBody: body, headers: { 'content-type': 'application/json' }, query };
	}

	/** Like `receive`, but a webhook() that throws is reported instead of rejecting. */
	async receiveOrError(delivery: MeetergoDelivery): Promise<ReceiveResult | { error: Error }> {
		try {
			return await this.receive(delivery);
		} catch (error) {
			return { error: error as Error };
		}
	}

	/**
	 * A delivery whose execution is in flight: `webhook()` accepted it and n8n loaded the execution's
	 * static data from the database. `triggerStep()` runs the trigger's `execute()` (the execution's
	 * first step); `end()` saves that execution's static data as n8n does when it ends (whole blob,
	 * if changed). Between them a test can re-activate, restart, … as if the execution were waiting.
	 */
	async inFlight(delivery: MeetergoDelivery): Promise<{
		status: number;
		triggerStep: () => Promise<INodeExecutionData[]>;
		end: () => void;
	}> {
		const requestWorkflow = this.loadWorkflow();
		const response = new RecordedResponse();
		const result = await this.triggerType.webhook!.call(
			this.webhookContext(requestWorkflow, delivery, response, 'webhook'),
		);
		const items = result.workflowData?.[0];
		if (items === undefined) throw new Error(`no execution started (${response.statusCode})`);
		const executionWorkflow = this.loadWorkflow();
		let output: INodeExecutionData[] = [];
		return {
			status: response.statusCode ?? 200,
			triggerStep: async () => {
				[output] = (await this.triggerType.execute!.call(
					this.executeContext(executionWorkflow, items, 'webhook'),
				)) as INodeExecutionData[][];
				this.executions.push(output);
				return output;
			},
			end: () => this.persist(executionWorkflow),
		};
	}

	private persist(workflow: Workflow): void {
		if ((workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true) {
			this.storedStaticData = JSON.stringify(workflow.staticData);
		}
	}
}

/** Runs the action node's execute() as n8n would for the given input items. */
export async function runAction(
	nodeType: INodeType,
	options: {
		parameters: INodeParameters;
		credential: IDataObject;
		items?: INodeExecutionData[];
		continueOnFail?: boolean;
		/** Per-item parameter overrides (n8n resolves expressions per item). */
		perItem?: Array<Partial<INodeParameters>>;
	},
): Promise<INodeExecutionData[]> {
	const node: INode = {
		id: 'node-meetergo',
		name: 'meetergo',
		type: 'n8n-nodes-meeting-webhooks.meetergo',
		typeVersion: 1,
		position: [0, 0],
		parameters: withDefaults(nodeType, options.parameters),
		credentials: { meetingWebhooksMeetergoApi: { id: '1', name: 'meetergo' } },
	};
	const credentials = {
		meetingWebhooksMeetergoApi: meetergoCredentialAsN8nGivesIt(options.credential),
	};
	const items = options.items ?? [{ json: {} }];
	const context = {
		getNode: () => node,
		getInputData: () => items,
		getMode: () => 'manual',
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const parameters = {
				...node.parameters,
				...(options.perItem?.[itemIndex] ?? {}),
			} as INodeParameters;
			return parameterGetter(parameters)(name, fallback);
		},
		getCredentials: async (type: string) => credentials[type as 'meetingWebhooksMeetergoApi'],
		continueOnFail: () => options.continueOnFail === true,
		helpers: {
			httpRequestWithAuthentication: httpRequestWithAuthentication(
				node,
				credentialTypes(),
				credentials,
			),
		},
	};
	const [output] = (await nodeType.execute!.call(
		context as unknown as IExecuteFunctions,
	)) as INodeExecutionData[][];
	return output;
}
