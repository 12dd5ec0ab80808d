export { decodeEvictionBody, evictionMessage, type EvictionBody } from './eviction-body.ts';
export {
  budgetViolationMessage,
  decideDisruptionBudget,
  type BudgetDecision,
  type BudgetInput,
} from './disruption-budget.ts';
export { evictPod, type EvictionRequest } from './evict-pod.ts';
export { handleEviction, isEvictionRequest } from './eviction-route.ts';
