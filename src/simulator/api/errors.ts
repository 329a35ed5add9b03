/** A GameLift error response: `x-amzn-ErrorType` and `{"__type","Message"}` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const invalidRequest = (message: string): ApiError => new ApiError('InvalidRequestException', message);
export const notFound = (message: string): ApiError => new ApiError('NotFoundException', message);
