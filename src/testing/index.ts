export { createVirtualClock, type VirtualClock } from './clock.js';
export {
  createFakeGTateth,
  type FakeGTatethOptions,
  FakeGTateth,
  type GTatethConversationRecord,
  type GTatethCustomer,
  type GTatethKey,
  type GTatethUser,
} from './gtateth.js';
export { fakeData, ObjectIds, Random } from './random.js';
export {
  DroppedConnection,
  type Fault,
  type FakeClock,
  type FakeOptions,
  type FakeRequest,
  FakeServer,
  FixedWindow,
  INVALID_JSON,
  json,
  type RandomFaults,
  type RequestRecord,
} from './server.js';
export { createFakeTether, FakeTether, type FakeTetherOptions, type TetherContact, type TetherConversationRecord, type TetherMessageRecord, type TetherUser } from './tether.js';
