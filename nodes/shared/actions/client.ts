import type { NodeApiError } from 'n8n-workflow';

import {
	exchange,
	isPatient,
	paceKeyOf,
	type ApiDefinition,
	type ApiRequest,
	type Connection,
	type Failure,
	type Outcome,
	type RequestFunctions,
} from './transport';

/**
 * The shape of every provider's API client. `connect` (a static method of each provider's class)
 * reads the credential for one item and checks it; the calls go through the shared transport; a
 * failure becomes the provider's own node error. A provider's class holds only its facts: base
 * URL and auth (in `connect`), its endpoints and paging, and its error table (`failed`).
 */
export abstract class ApiClient<Call extends ApiRequest> {
	protected constructor(protected readonly connection: Connection) {}

	/** The API's base URL (never with a user:password: each `connect` refuses one). */
	get baseUrl(): string {
		return this.connection.baseUrl;
	}

	/** Sends one call and returns the answer's body; a failure throws the provider's error for it. */
	async send(call: Call): Promise<unknown> {
		const outcome = await this.attempt(call);
		if (!outcome.ok) throw this.failed(outcome.failure, call);
		return outcome.body;
	}

	/** Sends one call and returns its outcome, for a caller that reads some failures as answers. */
	protected async attempt(call: Call): Promise<Outcome> {
		return await exchange(this.connection, call);
	}

	/** The provider's error table: one failed call as a node error that says what to do. */
	protected abstract failed(failure: Failure, call: Call): NodeApiError;
}

/**
 * How one item's calls reach an API: paced per credential, and patient (waiting out a short 429)
 * only in node executions, never while a trigger activates or answers a webhook.
 */
export function connectionFor(
	context: RequestFunctions,
	api: ApiDefinition,
	baseUrl: string,
	secrets: string[],
	itemIndex?: number,
): Connection {
	return {
		context,
		api,
		baseUrl,
		itemIndex,
		patient: isPatient(context),
		paceKey: paceKeyOf(context, api.credentialType, baseUrl),
		secrets: secrets.filter((secret) => secret !== ''),
	};
}
