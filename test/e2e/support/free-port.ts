export { freePort } from '../../../tools/dev/spawn-stack';
