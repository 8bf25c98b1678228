// s3rver ships no types; this is the part of its API the embedded target uses.
declare module 's3rver' {
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    /** Host names `bucket.s3.<serviceEndpoint>` address buckets (virtual-hosted style). */
    serviceEndpoint?: string;
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<unknown>;
    close(): Promise<void>;
  }
}
