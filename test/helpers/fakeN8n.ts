import {
	Workflow,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type NodeExecutionHint,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

/** What the fake express response saw. */
export class RecordedResponse {
	statusCode: number | undefined;
	body: unknown;
	ended = false;
	headers: Record<string, string> = {};
	/** How many times the node finished a response (json/send/end): more than one is a bug. */
	writes = 0;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}
	json(body: unknown): this {
		this.body = body;
		this.headers['content-type'] = 'application/json';
		return this.finish();
	}
	send(body: unknown): this {
		this.body = body;
		return this.finish();
	}
	end(): this {
		return this.finish();
	}
	private finish(): this {
		this.ended = true;
		this.writes += 1;
		return this;
	}
}

/**
 * How many HTTP answers a request got, as n8n 2.41 decides (webhook-helpers.js executeWebhook):
 * the node's own, plus n8n's unless webhook() returned `noWebhookResponse: true` — with or
 * without workflowData (n8n then starts the execution and sends nothing).
 */
export function answersSent(response: RecordedResponse, result: IWebhookResponseData): number {
	return response.writes + (result.noWebhookResponse === true ? 0 : 1);
}

export interface Delivery {
	rawBody: Buffer | string;
	headers: Record<string, string | string[]>;
}

export interface ReceiveResult {
	/** HTTP status n8n answered with. */
	status: number;
	/** The body written, `''` when none (n8n's `responseData: 'noData'`). */
	body: unknown;
	/** Items of the execution this request started, or undefined if none started. */
	execution: INodeExecutionData[] | undefined;
	webhookResult: IWebhookResponseData;
	/** How many HTTP answers were sent in all (see `answersSent`); exactly 1 is right. */
	answers: number;
}

/** Whether n8n 2.41 reads the request body before webhook() runs (research/n8n.md §3 rawBody). */
export function n8nReadsBody(
	typeVersion: number,
	contentType: string | string[] | undefined,
): boolean {
	if (typeVersion <= 1) return true;
	const type = (Array.isArray(contentType) ? contentType[0] : (contentType ?? ''))
		.split(';')[0]
		.trim()
		.toLowerCase();
	return (
		type === 'application/json' ||
		type === 'text/plain' ||
		type === 'application/x-www-form-urlencoded' ||
		type.endsWith('/xml') ||
		type.endsWith('+xml')
	);
}

function parameterGetter(node: INode) {
	return (name: string, fallback?: unknown): unknown => {
		const value = name
			.split('.')
			.reduce<unknown>(
				(object, key) => (object as IDataObject | undefined)?.[key],
				node.parameters,
			);
		return value === undefined ? fallback : value;
	};
}

/**
 * Models what n8n 2.41 does with a trigger's static data, as recorded in shared/research/n8n.md §4:
 * every request loads the workflow's static data from the database into a new `Workflow`;
 * a request answered without an execution saves its changes; a request that starts an execution
 * loses them (the n8n ≥ 2.20 bug), and the execution, loaded afresh from the database, saves its own.
 * Uses n8n-workflow's real `Workflow` and observable static data.
 */
export class FakeN8n {
	/** The `workflow_entity.staticData` column, as n8n stores it. */
	storedStaticData = '{}';
	executions: INodeExecutionData[][] = [];
	/** What execute() added with `addExecutionHints` (n8n shows them above the node's output). */
	hints: NodeExecutionHint[] = [];
	/** The credential types webhook() read, one entry a read (each costs an expression isolate in n8n 2.41). */
	credentialReads: string[] = [];
	/** How many times webhook() called `readRawBody()` (n8n had left the body unread). */
	bodyReads = 0;
	/** What the node told n8n's logger, as [level, message]. */
	logged: Array<[string, string]> = [];

	constructor(
		private readonly trigger: INodeType,
		readonly node: INode,
		private readonly credentials: Record<string, IDataObject>,
		readonly workflowId = 'workflow-1',
	) {}

	loadWorkflow(): Workflow {
		const nodeTypes: INodeTypes = {
			getByName: () => this.trigger,
			getByNameAndVersion: () => this.trigger,
			getKnownTypes: () => ({}),
		};
		return new Workflow({
			id: this.workflowId,
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: JSON.parse(this.storedStaticData) as IDataObject,
		});
	}

	private save(workflow: Workflow): void {
		if ((workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true) {
			this.storedStaticData = JSON.stringify(workflow.staticData);
		}
	}

	webhookContext(
		workflow: Workflow,
		delivery: Delivery,
		response: RecordedResponse,
		mode: WorkflowExecuteMode,
	): IWebhookFunctions {
		const rawBody = Buffer.isBuffer(delivery.rawBody)
			? delivery.rawBody
			: Buffer.from(delivery.rawBody, 'utf8');
		const headers = Object.fromEntries(
			Object.entries(delivery.headers).map(([name, value]) => [name.toLowerCase(), value]),
		);
		// n8n 2.41 (webhook-helpers.ts parseRequestBody) reads the body of a node at typeVersion 1
		// whatever its content type; above 1 only for the types it parses, leaving the rest to the
		// node's own `readRawBody()`.
		const request: { rawBody?: Buffer; headers: typeof headers; readRawBody: () => Promise<void> } =
			{
				rawBody: n8nReadsBody(this.node.typeVersion, headers['content-type']) ? rawBody : undefined,
				headers,
				readRawBody: async () => {
					this.bodyReads += 1;
					request.rawBody = rawBody;
				},
			};
		const context = {
			getNode: () => this.node,
			getWorkflow: () => ({ id: workflow.id, name: workflow.name, active: true }),
			getMode: () => mode,
			getNodeParameter: parameterGetter(this.node),
			getCredentials: async (type: string) => {
				this.credentialReads.push(type);
				if (this.credentials[type] === undefined)
					throw new Error(`Node does not have credentials of type ${type}`);
				return this.credentials[type];
			},
			getRequestObject: () => request,
			getResponseObject: () => response,
			getHeaderData: () => headers,
			getBodyData: () => ({}),
			getWorkflowStaticData: (type: string) => workflow.getStaticData(type, this.node),
			helpers: { returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })) },
		};
		return context as unknown as IWebhookFunctions;
	}

	executeContext(
		workflow: Workflow,
		items: INodeExecutionData[],
		mode: WorkflowExecuteMode,
	): IExecuteFunctions {
		const getParameter = parameterGetter(this.node);
		const context = {
			getNode: () => this.node,
			getWorkflow: () => ({ id: workflow.id, name: workflow.name, active: true }),
			getMode: () => mode,
			getInputData: () => items,
			getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
				getParameter(name, fallback),
			getCredentials: async (type: string) => this.credentials[type],
			getWorkflowStaticData: (type: string) => workflow.getStaticData(type, this.node),
			continueOnFail: () => false,
			addExecutionHints: (...hints: NodeExecutionHint[]) => this.hints.push(...hints),
			logger: this.logger(),
		};
		return context as unknown as IExecuteFunctions;
	}

	/** n8n's logger as a node sees it (`this.logger`), recording into `logged`. */
	logger() {
		const log = (level: string) => (message: string) => {
			this.logged.push([level, message]);
		};
		return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
	}

	/** One HTTP delivery, end to end through `webhook()` and, if it starts one, the execution. */
	async receive(delivery: Delivery, mode: WorkflowExecuteMode = 'webhook'): Promise<ReceiveResult> {
		const workflow = this.loadWorkflow();
		const response = new RecordedResponse();
		const webhookResult = await this.trigger.webhook!.call(
			this.webhookContext(workflow, delivery, response, mode),
		);
		const answers = answersSent(response, webhookResult);
		if (webhookResult.workflowData === undefined) {
			this.save(workflow);
			return {
				status: response.statusCode ?? 200,
				body: response.body ?? '',
				execution: undefined,
				webhookResult,
				answers,
			};
		}
		// n8n ≥ 2.20: the request's own static-data changes are dropped here (see the class comment).
		const items = webhookResult.workflowData[0];
		const executionWorkflow = this.loadWorkflow();
		const [output] = (await this.trigger.execute!.call(
			this.executeContext(executionWorkflow, items, mode),
		)) as INodeExecutionData[][];
		if (mode !== 'manual') this.save(executionWorkflow);
		this.executions.push(output);
		// The node answered itself (a refused test delivery), or n8n did: responseMode onReceived +
		// responseData noData is 200 with an empty body.
		return webhookResult.noWebhookResponse === true
			? {
					status: response.statusCode ?? 200,
					body: response.body ?? '',
					execution: output,
					webhookResult,
					answers,
				}
			: { status: 200, body: '', execution: output, webhookResult, answers };
	}
}

/**
 * Several deliveries that arrive before any of their executions has finished: every `webhook()`
 * runs against the same stored static data first, then the executions run.
 */
export async function receiveTogether(
	n8n: FakeN8n,
	deliveries: Delivery[],
): Promise<ReceiveResult[]> {
	const pending: Array<{ response: RecordedResponse; result: IWebhookResponseData }> = [];
	for (const delivery of deliveries) {
		const workflow = n8n.loadWorkflow();
		const response = new RecordedResponse();
		const result = await n8n['trigger'].webhook!.call(
			n8n.webhookContext(workflow, delivery, response, 'webhook'),
		);
		pending.push({ response, result });
	}
	const results: ReceiveResult[] = [];
	for (const { response, result } of pending) {
		const answers = answersSent(response, result);
		if (result.workflowData === undefined) {
			results.push({
				status: response.statusCode ?? 200,
				body: response.body ?? '',
				execution: undefined,
				webhookResult: result,
				answers,
			});
			continue;
		}
		const workflow = n8n.loadWorkflow();
		const [output] = (await n8n['trigger'].execute!.call(
			n8n.executeContext(workflow, result.workflowData[0], 'webhook'),
		)) as INodeExecutionData[][];
		n8n.executions.push(output);
		results.push({ status: 200, body: '', execution: output, webhookResult: result, answers });
	}
	return results;
}
