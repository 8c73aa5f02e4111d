import { defineProject } from 'vitest/config';
export default defineProject({ test: { name: 'policy', include: ['test/**/*.test.ts'] } });
