/** Longest comment a decision keeps (the form's, the API's). */
export const MAX_APPROVAL_COMMENT_LENGTH = 2000;
