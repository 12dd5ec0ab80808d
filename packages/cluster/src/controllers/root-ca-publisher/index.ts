export { rootCaDescriptionAnnotation, rootCaPublisher } from './root-ca-publisher.ts';
