/** The command line: a picocli root and one class per subcommand. They parse and delegate, nothing else. */
@NullMarked
package dev.sluice.cli;

import org.jspecify.annotations.NullMarked;
