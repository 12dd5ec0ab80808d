export {
  type Acceleration,
  type AccelerationFacts,
  detectAcceleration,
} from './detect-acceleration.ts';
export { type AccelerationSources, readAccelerationFacts } from './read-acceleration-facts.ts';
