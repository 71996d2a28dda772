import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

/**
 * A required text parameter, trimmed; an empty one stops with a message naming the field. A
 * resource locator gives its value (n8n extracts it; a bare `{ mode, value }` is read here too),
 * and a number counts as its digits, so the same reader serves every action node's ID fields.
 */
export function requiredText(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	let raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	if (typeof raw === 'object' && raw !== null && 'value' in raw) raw = (raw as IDataObject).value;
	const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (value === '') {
		throw new NodeOperationError(context.getNode(), `${label} is empty`, {
			itemIndex,
			description: `Enter the ${label}, or map it from the incoming item with an expression.`,
		});
	}
	return value;
}
