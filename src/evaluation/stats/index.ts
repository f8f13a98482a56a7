export { logGamma, regularisedIncompleteBeta } from './incomplete-beta.js';
export { studentTCdf, studentTQuantile } from './student-t.js';
export { mean, sampleStd, meanCi, type MeanCi } from './summary.js';
export { pairedTTest, pairedRandomisationTest, type PairedTestResult, type RandomisationOptions } from './paired-tests.js';
