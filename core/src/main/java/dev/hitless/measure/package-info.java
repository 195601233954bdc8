/**
 * Measurement commands: programs that print how the tool's own costs grow (docs/checker.md, "Scaling"), so the
 * figures quoted in the documentation can be reproduced.
 */
package dev.hitless.measure;
