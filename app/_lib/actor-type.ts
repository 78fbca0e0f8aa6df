/** Who is acting, and in which workspace: every server function scopes by it. */
export interface Actor {
  userId: string;
  workspaceId: string;
}
