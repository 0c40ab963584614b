export { freePort, PORT_TAKEN } from '../../../tools/dev/spawn-stack';
