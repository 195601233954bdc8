package dev.hitless.ktree;

/**
 * One definition or declaration Universal Ctags found in a file's active text.
 *
 * @param file the file's path inside the tree, as given to ctags
 * @param kind ctags's kind, long form: function, prototype, struct, union, enum, enumerator, typedef, variable,
 *     member, ...
 * @param line the line of its name (1-based)
 * @param end the line it ends on, 0 when ctags gives none
 * @param scope the enclosing struct, union or enum (a member's, an enumerator's), or null
 * @param signature a function's parameter list as ctags prints it, or null
 */
record Definition(String file, String kind, String name, int line, int end, String scope, String signature) {
    boolean isTag() {
        return kind.equals("struct") || kind.equals("union") || kind.equals("enum");
    }
}
