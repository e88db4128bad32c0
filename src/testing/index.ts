export { createVirtualClock, type VirtualClock } from './clock.js';
export {
  createFakeGTateth,
  FakeGTateth,
  type FakeGTatethOptions,
  type GTatethConversationRecord,
  type GTatethCustomer,
  type GTatethKey,
  type GTatethUser,
} from './gtateth.js';
export {
  createFakeHeymarket,
  FakeHeymarket,
  type FakeHeymarketOptions,
  type HeymarketConversationRecord,
  type HeymarketInbox,
  type HeymarketMessageRecord,
  type HeymarketSecret,
  type HeymarketUser,
} from './heymarket.js';
export { fakeData, ObjectIds, Random } from './random.js';
export {
  DroppedConnection,
  type FakeClock,
  type FakeOptions,
  type FakeRequest,
  FakeServer,
  type Fault,
  FixedWindow,
  INVALID_JSON,
  json,
  type RandomFaults,
  type RequestRecord,
} from './server.js';
export {
  createFakeTether,
  FakeTether,
  type FakeTetherOptions,
  type TetherContact,
  type TetherConversationRecord,
  type TetherMessageRecord,
  type TetherUser,
} from './tether.js';
