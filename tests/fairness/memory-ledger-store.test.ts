import { MemorySharedLedgerStore } from '../../src/fairness/index.js';
import { storeContract } from './_store-contract.js';

storeContract('MemorySharedLedgerStore', async () => new MemorySharedLedgerStore());
