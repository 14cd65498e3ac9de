package io.reclaimer.model.aws;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Reclaimer reaches one AWS account: the one definition the collector (reading its inventory) and the
 * actions service (changing it) both use, so there is one list of accounts and roles in the configuration,
 * not one per service.
 *
 * @param id             the 12-digit account id; taken from {@code roleArn} when absent, or asked from STS
 *                       (GetCallerIdentity) for the default credentials' own account
 * @param roleArn        role to assume (STS AssumeRole) with the default credentials; null = use them directly
 * @param externalId     the external id the roles' trust policies require, if any
 * @param actionsRoleArn role the actions service assumes to change the account (least privilege: the collector's
 *                       role stays read-only); null = {@code roleArn}
 */
public record AwsAccount(String id, String roleArn, String externalId, String actionsRoleArn) {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/.+");

    public AwsAccount {
        externalId = blankToNull(externalId);
        roleArn = blankToNull(roleArn);
        actionsRoleArn = blankToNull(actionsRoleArn);
        id = blankToNull(id);
        if (id != null && !ACCOUNT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("aws.accounts[].id must be a 12-digit AWS account id, was '" + id + "'");
        }
        for (String role : new String[] {roleArn, actionsRoleArn}) {
            if (role == null) {
                continue;
            }
            String field = role == roleArn ? "roleArn" : "actionsRoleArn";
            Matcher arn = ROLE_ARN.matcher(role);
            if (!arn.matches()) {
                throw new IllegalArgumentException("aws.accounts[]." + field + " must be an IAM role ARN "
                        + "(arn:aws:iam::123456789012:role/name), was '" + role + "'");
            }
            if (id == null) {
                id = arn.group(1);
            } else if (!id.equals(arn.group(1))) {
                throw new IllegalArgumentException("aws.accounts[]: id " + id + " does not match the account of " + field
                        + " " + role);
            }
        }
        if (externalId != null && roleArn == null && actionsRoleArn == null) {
            throw new IllegalArgumentException("aws.accounts[].externalId needs a roleArn");
        }
    }

    /** The account of the default credentials, its id asked from STS. */
    public static AwsAccount callerIdentity() {
        return new AwsAccount(null, null, null, null);
    }

    /** A name for logs and metric labels even before the id is known. */
    public String label() {
        return id != null ? id : "default";
    }

    /** The role the actions service assumes, or null to act with the default credentials. */
    public String roleToAct() {
        return actionsRoleArn != null ? actionsRoleArn : roleArn;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
