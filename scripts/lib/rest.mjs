// A minimal client for n8n's internal REST API (what the editor uses): owner setup, login,
// publish/unpublish. Used where the e2e suite must act as a user in a running n8n.
import { randomUUID } from 'node:crypto';

export class N8nRest {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = undefined;
		// n8n binds its auth cookie to the browser id the session was created with.
		this.browserId = randomUUID();
	}

	async request(method, path, body) {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await response.text();
		const data = text ? JSON.parse(text) : undefined;
		if (!response.ok)
			throw new Error(`${method} ${path} -> ${response.status}: ${text.slice(0, 300)}`);
		return data?.data ?? data;
	}

	/** Creates the instance owner on a fresh n8n (or logs in if it exists) and keeps the session. */
	async signIn({ email, password }) {
		try {
			await this.request('POST', '/owner/setup', {
				email,
				firstName: 'Demo',
				lastName: 'Owner',
				password,
			});
		} catch {
			await this.request('POST', '/login', { emailOrLdapLoginId: email, password });
		}
	}

	async unpublish(workflowId) {
		return await this.request('POST', `/workflows/${workflowId}/deactivate`, {});
	}

	async getWorkflow(workflowId) {
		return await this.request('GET', `/workflows/${workflowId}`);
	}

	/** Saves a changed draft as the editor's Save does (n8n 2.x: a new version, not yet published). */
	async saveWorkflow(workflowId, changes) {
		return await this.request('PATCH', `/workflows/${workflowId}`, changes);
	}

	async publish(workflowId) {
		const workflow = await this.request('GET', `/workflows/${workflowId}`);
		return await this.request('POST', `/workflows/${workflowId}/activate`, {
			versionId: workflow.versionId,
		});
	}
}
