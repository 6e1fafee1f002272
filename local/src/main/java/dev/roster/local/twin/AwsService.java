package dev.roster.local.twin;

/** The AWS services Roster's functions call, each behind its own emulator and its own recording relay. */
public enum AwsService {
    DYNAMODB,
    SQS,
    S3
}
