// Reads what n8n itself stored (its SQLite database): executions, their output, static data.
// Needs Node ≥ 22.5 (node:sqlite); the harness runs on the Node 24 that n8n runs on.
import { DatabaseSync } from 'node:sqlite';

import { requireFromN8n } from './n8n.mjs';

export class N8nStore {
	constructor(instance) {
		this.instance = instance;
		this.flatted = requireFromN8n(instance.install, 'flatted');
	}

	query(sql, ...params) {
		const db = new DatabaseSync(this.instance.databaseFile, { readOnly: true });
		try {
			return db.prepare(sql).all(...params);
		} finally {
			db.close();
		}
	}

	executions(workflowId) {
		return this.query(
			'SELECT id, status, mode, finished FROM execution_entity WHERE workflowId = ? ORDER BY id',
			workflowId,
		);
	}

	/** The JSON items a node output in an execution. */
	outputItems(executionId, nodeName) {
		const [row] = this.query('SELECT data FROM execution_data WHERE executionId = ?', executionId);
		if (!row) return undefined;
		const data = this.flatted.parse(row.data);
		const run = data.resultData?.runData?.[nodeName]?.[0];
		return run?.data?.main?.[0]?.map((item) => item.json);
	}

	staticData(workflowId) {
		const [row] = this.query('SELECT staticData FROM workflow_entity WHERE id = ?', workflowId);
		return row?.staticData ? JSON.parse(row.staticData) : {};
	}

	/**
	 * Waits until a workflow has `count` finished executions, then a little longer to see that no
	 * more start; returns them. Executions run after n8n has answered the delivery.
	 */
	async settledExecutions(workflowId, count, { timeoutMs = 20_000, quietMs = 750 } = {}) {
		const deadline = Date.now() + timeoutMs;
		let rows = this.executions(workflowId);
		while (Date.now() < deadline && (rows.length < count || rows.some((row) => !isDone(row)))) {
			await sleep(100);
			rows = this.executions(workflowId);
		}
		await sleep(quietMs);
		return this.executions(workflowId);
	}
}

const isDone = (row) => row.status !== 'new' && row.status !== 'running';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
