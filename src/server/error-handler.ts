import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { ConflictError, UserError, type Bilingual } from '../shared/errors.js';
import { validationMessage } from './validation-message.js';

/** Indonesian text per stable code; the English message carries the detail. */
const MESSAGES_ID: Record<string, string> = {
  not_found: 'Data tidak ditemukan.',
  forbidden: 'Peran Anda tidak memiliki izin untuk tindakan ini.',
  unauthorized: 'Silakan masuk terlebih dahulu.',
  invalid_token: 'Token atau sesi tidak sah atau sudah kedaluwarsa; silakan masuk lagi.',
  bad_credentials: 'Nama pengguna atau kata sandi salah.',
  rate_limited: 'Terlalu banyak permintaan; coba lagi nanti.',
  invalid_input: 'Masukan tidak valid.',
  purpose_required: 'Tujuan akses (header X-Purpose) wajib untuk membaca identitas lengkap.',
  payload_too_large: 'Ukuran permintaan terlalu besar.',
  internal: 'Terjadi kesalahan pada server.',
  timeout: 'Permintaan terlalu lama dan dihentikan; persempit atau coba lagi nanti.',
};

export function errorBody(code: string, message: string, messageId?: string, requestId?: string) {
  return {
    error: {
      code,
      message,
      message_id: messageId ?? MESSAGES_ID[code] ?? MESSAGES_ID.invalid_input!,
      ...(requestId ? { request_id: requestId } : {}),
    },
  };
}

/**
 * The log line of a 5xx: request id, method, route pattern (never the URL: its query may hold a NIK), the
 * error's class and codes, and its stack frames; the message only with long digit runs masked, since a
 * database error can quote a row.
 */
export function serverErrorLogLine(request: FastifyRequest, error: Error & { code?: unknown }) {
  const frames = (error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return {
    request_id: request.id,
    method: request.method,
    route: request.routeOptions.url ?? null,
    error: {
      type: error.name,
      code: typeof error.code === 'string' ? error.code : null,
      message: error.message.replace(/\d{6,}/g, (run) => `[${run.length} digits]`).slice(0, 300),
      stack: frames.slice(0, 12).map((l) => l.trim()),
    },
  };
}

export class HttpError extends UserError {
  constructor(
    readonly statusCode: number,
    code: string,
    message: string | Bilingual,
  ) {
    super(message, code);
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  not_found: 404,
  forbidden: 403,
  user_exists: 409,
  idempotency_conflict: 409,
  unsupported_file_type: 415,
  payload_too_large: 413,
  timeout: 503,
};

/** One error format for every failure: {"error": {"code", "message", "message_id"}}; no stack traces out. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError)
      return reply.code(error.statusCode).send(errorBody(error.code, error.message, error.messageId));
    // A business rule refusing the current state (ConflictError: not_withdrawable, insufficient_balance, …) is 409.
    if (error instanceof ConflictError)
      return reply.code(409).send(errorBody(error.code, error.message, error.messageId));
    if (error instanceof UserError) {
      return reply
        .code(STATUS_BY_CODE[error.code] ?? 400)
        .send(errorBody(error.code, error.message, error.messageId));
    }
    if (error.validation) {
      const message = validationMessage(error.validationContext, error.validation);
      return reply.code(400).send(errorBody('invalid_input', message.en, message.id));
    }
    if (error.statusCode === 429) return reply.code(429).send(errorBody('rate_limited', error.message));
    if (error.statusCode === 413) return reply.code(413).send(errorBody('payload_too_large', error.message));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send(errorBody('invalid_input', error.message));
    }
    request.log.error(serverErrorLogLine(request, error), 'internal server error');
    return reply
      .code(500)
      .send(
        errorBody(
          'internal',
          `internal server error (request ${request.id})`,
          `Terjadi kesalahan pada server (permintaan ${request.id}).`,
          request.id,
        ),
      );
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
