// Copies what tsc does not emit (node and credential icons) into dist/, keeping paths. `npm run build`
// uses this instead of `n8n-node build`, which would also copy docs/screenshots into dist.
const { src, dest } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
