/* tslint:disable */
/* eslint-disable */
export * from './CustomersAndSessionsApi';
export * from './DocumentationApi';
export * from './HoldsApi';
export * from './OperatorsApi';
export * from './PaymentsApi';
export * from './TransfersApi';
export * from './WalletsApi';
export * from './WebhooksApi';
