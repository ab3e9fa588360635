/**
 * errors/: one error model for every refusal a client can get, and the Express edge that
 * answers it. Imports nothing of ours, so bot/, knowledge/, adapters/, admin/ and app/ all can.
 */
export {
  AppError, BadRequestError, ConflictError, errorBody, ForbiddenError, NotFoundError, PayloadTooLargeError, TooManyRequestsError,
  UnauthorizedError, UnavailableError, UnsupportedMediaTypeError, type AppErrorOptions, type ErrorBody,
} from './app-error.ts';
export { errorHandler, notFound, parseInput, readBody, validate, type ErrorHandlerOptions, type ErrorLog, type InputPart, type Validator } from './express.ts';
