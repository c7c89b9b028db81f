// The audit module's surface. It owns the table audit_log (append-only).
export { AuditModule } from './audit.module.js';
export { AuditService, type AuditAction, type AuditRecord } from './audit.service.js';
