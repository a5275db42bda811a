package io.github.cosmigrate.server;

/**
 * The object-store operation of one request seen by a {@link DialectProxy}, classified from the method, the
 * query ({@code uploads}, {@code uploadId}, {@code partNumber}) and the copy-source header.
 */
public enum Operation {
  PUT_OBJECT,
  COPY_OBJECT,
  GET_OBJECT,
  HEAD_OBJECT,
  DELETE_OBJECT,
  LIST_OBJECTS,
  INITIATE_MULTIPART,
  /** UploadPart, and UploadPartCopy (a part with a copy source). */
  UPLOAD_PART,
  LIST_PARTS,
  COMPLETE_MULTIPART,
  ABORT_MULTIPART,
  LIST_MULTIPART_UPLOADS,
  /** Anything else: bucket operations, batch delete, sub-resources such as {@code ?acl}. */
  OTHER
}
