#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 518:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _core_index_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1483);
/* harmony import */ var _program_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7306);
// The pg-dumper command's entry point.


// a thread the command started to read its dump back (see the core's
// reading-thread.ts) starts here, and does only that
if (!(await (0,_core_index_js__WEBPACK_IMPORTED_MODULE_0__/* .servedAsReadingThread */ .Q)(import.meta.url))) {
    process.exitCode = await (0,_program_js__WEBPACK_IMPORTED_MODULE_1__/* .main */ .i)(process.argv);
    // cancelled: end now, while the handlers still absorb a later signal (a
    // natural exit closes them first, and a signal then would kill the command)
    if (process.exitCode !== 0 && (0,_program_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelled */ .K)())
        process.exit();
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 7306:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  K: () => (/* binding */ cancelled),
  i: () => (/* binding */ main)
});

;// CONCATENATED MODULE: ./node_modules/commander/lib/error.js
/**
 * CommanderError class
 */
class CommanderError extends Error {
  /**
   * Constructs the CommanderError class
   * @param {number} exitCode suggested exit code which could be used with process.exit
   * @param {string} code an id string representing the error
   * @param {string} message human-readable description of the error
   */
  constructor(exitCode, code, message) {
    super(message);
    // properly capture stack trace in Node.js
    Error.captureStackTrace(this, this.constructor);
    this.name = this.constructor.name;
    this.code = code;
    this.exitCode = exitCode;
    this.nestedError = undefined;
  }
}

/**
 * InvalidArgumentError class
 */
class InvalidArgumentError extends CommanderError {
  /**
   * Constructs the InvalidArgumentError class
   * @param {string} [message] explanation of why argument is invalid
   */
  constructor(message) {
    super(1, 'commander.invalidArgument', message);
    // properly capture stack trace in Node.js
    Error.captureStackTrace(this, this.constructor);
    this.name = this.constructor.name;
  }
}

;// CONCATENATED MODULE: ./node_modules/commander/lib/argument.js


class argument_Argument {
  /**
   * Initialize a new command argument with the given name and description.
   * The default is that the argument is required, and you can explicitly
   * indicate this with <> around the name. Put [] around the name for an optional argument.
   *
   * @param {string} name
   * @param {string} [description]
   */

  constructor(name, description) {
    this.description = description || '';
    this.variadic = false;
    this.parseArg = undefined;
    this.defaultValue = undefined;
    this.defaultValueDescription = undefined;
    this.argChoices = undefined;

    switch (name[0]) {
      case '<': // e.g. <required>
        this.required = true;
        this._name = name.slice(1, -1);
        break;
      case '[': // e.g. [optional]
        this.required = false;
        this._name = name.slice(1, -1);
        break;
      default:
        this.required = true;
        this._name = name;
        break;
    }

    if (this._name.endsWith('...')) {
      this.variadic = true;
      this._name = this._name.slice(0, -3);
    }
  }

  /**
   * Return argument name.
   *
   * @return {string}
   */

  name() {
    return this._name;
  }

  /**
   * @package
   */

  _collectValue(value, previous) {
    if (previous === this.defaultValue || !Array.isArray(previous)) {
      return [value];
    }

    previous.push(value);
    return previous;
  }

  /**
   * Set the default value, and optionally supply the description to be displayed in the help.
   *
   * @param {*} value
   * @param {string} [description]
   * @return {Argument}
   */

  default(value, description) {
    this.defaultValue = value;
    this.defaultValueDescription = description;
    return this;
  }

  /**
   * Set the custom handler for processing CLI command arguments into argument values.
   *
   * @param {Function} [fn]
   * @return {Argument}
   */

  argParser(fn) {
    this.parseArg = fn;
    return this;
  }

  /**
   * Only allow argument value to be one of choices.
   *
   * @param {string[]} values
   * @return {Argument}
   */

  choices(values) {
    this.argChoices = values.slice();
    this.parseArg = (arg, previous) => {
      if (!this.argChoices.includes(arg)) {
        throw new InvalidArgumentError(
          `Allowed choices are ${this.argChoices.join(', ')}.`,
        );
      }
      if (this.variadic) {
        return this._collectValue(arg, previous);
      }
      return arg;
    };
    return this;
  }

  /**
   * Make argument required.
   *
   * @returns {Argument}
   */
  argRequired() {
    this.required = true;
    return this;
  }

  /**
   * Make argument optional.
   *
   * @returns {Argument}
   */
  argOptional() {
    this.required = false;
    return this;
  }
}

/**
 * Takes an argument and returns its human readable equivalent for help usage.
 *
 * @param {Argument} arg
 * @return {string}
 * @private
 */

function humanReadableArgName(arg) {
  const nameOutput = arg.name() + (arg.variadic === true ? '...' : '');

  return arg.required ? '<' + nameOutput + '>' : '[' + nameOutput + ']';
}

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __nccwpck_require__(8474);
;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: external "node:process"
const external_node_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(7975);
;// CONCATENATED MODULE: ./node_modules/commander/lib/help.js



/**
 * TypeScript import types for JSDoc, used by Visual Studio Code IntelliSense and `npm run typescript-checkJS`
 * https://www.typescriptlang.org/docs/handbook/jsdoc-supported-types.html#import-types
 * @typedef { import("./argument.js").Argument } Argument
 * @typedef { import("./command.js").Command } Command
 * @typedef { import("./option.js").Option } Option
 */

// Although this is a class, methods are static in style to allow override using subclass or just functions.
class Help {
  constructor() {
    this.helpWidth = undefined;
    this.minWidthToWrap = 40;
    this.sortSubcommands = false;
    this.sortOptions = false;
    this.showGlobalOptions = false;
  }

  /**
   * prepareContext is called by Commander after applying overrides from `Command.configureHelp()`
   * and just before calling `formatHelp()`.
   *
   * Commander just uses the helpWidth and the rest is provided for optional use by more complex subclasses.
   *
   * @param {{ error?: boolean, helpWidth?: number, outputHasColors?: boolean }} contextOptions
   */
  prepareContext(contextOptions) {
    this.helpWidth = this.helpWidth ?? contextOptions.helpWidth ?? 80;
  }

  /**
   * Get an array of the visible subcommands. Includes a placeholder for the implicit help command, if there is one.
   *
   * @param {Command} cmd
   * @returns {Command[]}
   */

  visibleCommands(cmd) {
    const visibleCommands = cmd.commands.filter((cmd) => !cmd._hidden);
    const helpCommand = cmd._getHelpCommand();
    if (helpCommand && !helpCommand._hidden) {
      visibleCommands.push(helpCommand);
    }
    if (this.sortSubcommands) {
      visibleCommands.sort((a, b) => {
        // @ts-ignore: because overloaded return type
        return a.name().localeCompare(b.name());
      });
    }
    return visibleCommands;
  }

  /**
   * Compare options for sort.
   *
   * @param {Option} a
   * @param {Option} b
   * @returns {number}
   */
  compareOptions(a, b) {
    const getSortKey = (option) => {
      // WYSIWYG for order displayed in help. Short used for comparison if present. No special handling for negated.
      return option.short
        ? option.short.replace(/^-/, '')
        : option.long.replace(/^--/, '');
    };
    return getSortKey(a).localeCompare(getSortKey(b));
  }

  /**
   * Get an array of the visible options. Includes a placeholder for the implicit help option, if there is one.
   *
   * @param {Command} cmd
   * @returns {Option[]}
   */

  visibleOptions(cmd) {
    const visibleOptions = cmd.options.filter((option) => !option.hidden);
    // Built-in help option.
    const helpOption = cmd._getHelpOption();
    if (helpOption && !helpOption.hidden) {
      // Automatically hide conflicting flags. Bit dubious but a historical behaviour that is convenient for single-command programs.
      const removeShort = helpOption.short && cmd._findOption(helpOption.short);
      const removeLong = helpOption.long && cmd._findOption(helpOption.long);
      if (!removeShort && !removeLong) {
        visibleOptions.push(helpOption); // no changes needed
      } else if (helpOption.long && !removeLong) {
        visibleOptions.push(
          cmd
            .createOption(helpOption.long, helpOption.description)
            .helpGroup(helpOption.helpGroupHeading),
        );
      } else if (helpOption.short && !removeShort) {
        visibleOptions.push(
          cmd
            .createOption(helpOption.short, helpOption.description)
            .helpGroup(helpOption.helpGroupHeading),
        );
      }
    }
    if (this.sortOptions) {
      visibleOptions.sort(this.compareOptions);
    }
    return visibleOptions;
  }

  /**
   * Get an array of the visible global options. (Not including help.)
   *
   * @param {Command} cmd
   * @returns {Option[]}
   */

  visibleGlobalOptions(cmd) {
    if (!this.showGlobalOptions) return [];

    const globalOptions = [];
    for (
      let ancestorCmd = cmd.parent;
      ancestorCmd;
      ancestorCmd = ancestorCmd.parent
    ) {
      const visibleOptions = ancestorCmd.options.filter(
        (option) => !option.hidden,
      );
      globalOptions.push(...visibleOptions);
    }
    if (this.sortOptions) {
      globalOptions.sort(this.compareOptions);
    }
    return globalOptions;
  }

  /**
   * Get an array of the arguments if any have a description.
   *
   * @param {Command} cmd
   * @returns {Argument[]}
   */

  visibleArguments(cmd) {
    // Side effect! Apply the legacy descriptions before the arguments are displayed.
    if (cmd._argsDescription) {
      cmd.registeredArguments.forEach((argument) => {
        argument.description =
          argument.description || cmd._argsDescription[argument.name()] || '';
      });
    }

    // If there are any arguments with a description then return all the arguments.
    if (cmd.registeredArguments.find((argument) => argument.description)) {
      return cmd.registeredArguments;
    }
    return [];
  }

  /**
   * Get the command term to show in the list of subcommands.
   *
   * @param {Command} cmd
   * @returns {string}
   */

  subcommandTerm(cmd) {
    // Legacy. Ignores custom usage string, and nested commands.
    const args = cmd.registeredArguments
      .map((arg) => humanReadableArgName(arg))
      .join(' ');
    return (
      cmd._name +
      (cmd._aliases[0] ? '|' + cmd._aliases[0] : '') +
      (cmd.options.length ? ' [options]' : '') + // simplistic check for non-help option
      (args ? ' ' + args : '')
    );
  }

  /**
   * Get the option term to show in the list of options.
   *
   * @param {Option} option
   * @returns {string}
   */

  optionTerm(option) {
    return option.flags;
  }

  /**
   * Get the argument term to show in the list of arguments.
   *
   * @param {Argument} argument
   * @returns {string}
   */

  argumentTerm(argument) {
    return argument.name();
  }

  /**
   * Get the longest command term length.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {number}
   */

  longestSubcommandTermLength(cmd, helper) {
    return helper.visibleCommands(cmd).reduce((max, command) => {
      return Math.max(
        max,
        this.displayWidth(
          helper.styleSubcommandTerm(helper.subcommandTerm(command)),
        ),
      );
    }, 0);
  }

  /**
   * Get the longest option term length.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {number}
   */

  longestOptionTermLength(cmd, helper) {
    return helper.visibleOptions(cmd).reduce((max, option) => {
      return Math.max(
        max,
        this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option))),
      );
    }, 0);
  }

  /**
   * Get the longest global option term length.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {number}
   */

  longestGlobalOptionTermLength(cmd, helper) {
    return helper.visibleGlobalOptions(cmd).reduce((max, option) => {
      return Math.max(
        max,
        this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option))),
      );
    }, 0);
  }

  /**
   * Get the longest argument term length.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {number}
   */

  longestArgumentTermLength(cmd, helper) {
    return helper.visibleArguments(cmd).reduce((max, argument) => {
      return Math.max(
        max,
        this.displayWidth(
          helper.styleArgumentTerm(helper.argumentTerm(argument)),
        ),
      );
    }, 0);
  }

  /**
   * Get the command usage to be displayed at the top of the built-in help.
   *
   * @param {Command} cmd
   * @returns {string}
   */

  commandUsage(cmd) {
    // Usage
    let cmdName = cmd._name;
    if (cmd._aliases[0]) {
      cmdName = cmdName + '|' + cmd._aliases[0];
    }
    let ancestorCmdNames = '';
    for (
      let ancestorCmd = cmd.parent;
      ancestorCmd;
      ancestorCmd = ancestorCmd.parent
    ) {
      ancestorCmdNames = ancestorCmd.name() + ' ' + ancestorCmdNames;
    }
    return ancestorCmdNames + cmdName + ' ' + cmd.usage();
  }

  /**
   * Get the description for the command.
   *
   * @param {Command} cmd
   * @returns {string}
   */

  commandDescription(cmd) {
    // @ts-ignore: because overloaded return type
    return cmd.description();
  }

  /**
   * Get the subcommand summary to show in the list of subcommands.
   * (Fallback to description for backwards compatibility.)
   *
   * @param {Command} cmd
   * @returns {string}
   */

  subcommandDescription(cmd) {
    // @ts-ignore: because overloaded return type
    return cmd.summary() || cmd.description();
  }

  /**
   * Get the option description to show in the list of options.
   *
   * @param {Option} option
   * @return {string}
   */

  optionDescription(option) {
    const extraInfo = [];

    if (option.argChoices) {
      extraInfo.push(
        // use stringify to match the display of the default value
        `choices: ${option.argChoices.map((choice) => JSON.stringify(choice)).join(', ')}`,
      );
    }
    if (option.defaultValue !== undefined) {
      // default for boolean and negated more for programmer than end user,
      // but show true/false for boolean option as may be for hand-rolled env or config processing.
      const showDefault =
        option.required ||
        option.optional ||
        (option.isBoolean() && typeof option.defaultValue === 'boolean');
      if (showDefault) {
        extraInfo.push(
          `default: ${option.defaultValueDescription || JSON.stringify(option.defaultValue)}`,
        );
      }
    }
    // preset for boolean and negated are more for programmer than end user
    if (option.presetArg !== undefined && option.optional) {
      extraInfo.push(`preset: ${JSON.stringify(option.presetArg)}`);
    }
    if (option.envVar !== undefined) {
      extraInfo.push(`env: ${option.envVar}`);
    }
    if (extraInfo.length > 0) {
      const extraDescription = `(${extraInfo.join(', ')})`;
      if (option.description) {
        return `${option.description} ${extraDescription}`;
      }
      return extraDescription;
    }

    return option.description;
  }

  /**
   * Get the argument description to show in the list of arguments.
   *
   * @param {Argument} argument
   * @return {string}
   */

  argumentDescription(argument) {
    const extraInfo = [];
    if (argument.argChoices) {
      extraInfo.push(
        // use stringify to match the display of the default value
        `choices: ${argument.argChoices.map((choice) => JSON.stringify(choice)).join(', ')}`,
      );
    }
    if (argument.defaultValue !== undefined) {
      extraInfo.push(
        `default: ${argument.defaultValueDescription || JSON.stringify(argument.defaultValue)}`,
      );
    }
    if (extraInfo.length > 0) {
      const extraDescription = `(${extraInfo.join(', ')})`;
      if (argument.description) {
        return `${argument.description} ${extraDescription}`;
      }
      return extraDescription;
    }
    return argument.description;
  }

  /**
   * Format a list of items, given a heading and an array of formatted items.
   *
   * @param {string} heading
   * @param {string[]} items
   * @param {Help} helper
   * @returns string[]
   */
  formatItemList(heading, items, helper) {
    if (items.length === 0) return [];

    return [helper.styleTitle(heading), ...items, ''];
  }

  /**
   * Group items by their help group heading.
   *
   * @param {Command[] | Option[]} unsortedItems
   * @param {Command[] | Option[]} visibleItems
   * @param {Function} getGroup
   * @returns {Map<string, Command[] | Option[]>}
   */
  groupItems(unsortedItems, visibleItems, getGroup) {
    const result = new Map();
    // Add groups in order of appearance in unsortedItems.
    unsortedItems.forEach((item) => {
      const group = getGroup(item);
      if (!result.has(group)) result.set(group, []);
    });
    // Add items in order of appearance in visibleItems.
    visibleItems.forEach((item) => {
      const group = getGroup(item);
      if (!result.has(group)) {
        result.set(group, []);
      }
      result.get(group).push(item);
    });
    return result;
  }

  /**
   * Generate the built-in help text.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {string}
   */

  formatHelp(cmd, helper) {
    const termWidth = helper.padWidth(cmd, helper);
    const helpWidth = helper.helpWidth ?? 80; // in case prepareContext() was not called

    function callFormatItem(term, description) {
      return helper.formatItem(term, termWidth, description, helper);
    }

    // Usage
    let output = [
      `${helper.styleTitle('Usage:')} ${helper.styleUsage(helper.commandUsage(cmd))}`,
      '',
    ];

    // Description
    const commandDescription = helper.commandDescription(cmd);
    if (commandDescription.length > 0) {
      output = output.concat([
        helper.boxWrap(
          helper.styleCommandDescription(commandDescription),
          helpWidth,
        ),
        '',
      ]);
    }

    // Arguments
    const argumentList = helper.visibleArguments(cmd).map((argument) => {
      return callFormatItem(
        helper.styleArgumentTerm(helper.argumentTerm(argument)),
        helper.styleArgumentDescription(helper.argumentDescription(argument)),
      );
    });
    output = output.concat(
      this.formatItemList('Arguments:', argumentList, helper),
    );

    // Options
    const optionGroups = this.groupItems(
      cmd.options,
      helper.visibleOptions(cmd),
      (option) => option.helpGroupHeading ?? 'Options:',
    );
    optionGroups.forEach((options, group) => {
      const optionList = options.map((option) => {
        return callFormatItem(
          helper.styleOptionTerm(helper.optionTerm(option)),
          helper.styleOptionDescription(helper.optionDescription(option)),
        );
      });
      output = output.concat(this.formatItemList(group, optionList, helper));
    });

    if (helper.showGlobalOptions) {
      const globalOptionList = helper
        .visibleGlobalOptions(cmd)
        .map((option) => {
          return callFormatItem(
            helper.styleOptionTerm(helper.optionTerm(option)),
            helper.styleOptionDescription(helper.optionDescription(option)),
          );
        });
      output = output.concat(
        this.formatItemList('Global Options:', globalOptionList, helper),
      );
    }

    // Commands
    const commandGroups = this.groupItems(
      cmd.commands,
      helper.visibleCommands(cmd),
      (sub) => sub.helpGroup() || 'Commands:',
    );
    commandGroups.forEach((commands, group) => {
      const commandList = commands.map((sub) => {
        return callFormatItem(
          helper.styleSubcommandTerm(helper.subcommandTerm(sub)),
          helper.styleSubcommandDescription(helper.subcommandDescription(sub)),
        );
      });
      output = output.concat(this.formatItemList(group, commandList, helper));
    });

    return output.join('\n');
  }

  /**
   * Return display width of string, ignoring ANSI escape sequences. Used in padding and wrapping calculations.
   *
   * @param {string} str
   * @returns {number}
   */
  displayWidth(str) {
    return (0,external_node_util_.stripVTControlCharacters)(str).length;
  }

  /**
   * Style the title for displaying in the help. Called with 'Usage:', 'Options:', etc.
   *
   * @param {string} str
   * @returns {string}
   */
  styleTitle(str) {
    return str;
  }

  styleUsage(str) {
    // Usage has lots of parts the user might like to color separately! Assume default usage string which is formed like:
    //    command subcommand [options] [command] <foo> [bar]
    return str
      .split(' ')
      .map((word) => {
        if (word === '[options]') return this.styleOptionText(word);
        if (word === '[command]') return this.styleSubcommandText(word);
        if (word[0] === '[' || word[0] === '<')
          return this.styleArgumentText(word);
        return this.styleCommandText(word); // Restrict to initial words?
      })
      .join(' ');
  }
  styleCommandDescription(str) {
    return this.styleDescriptionText(str);
  }
  styleOptionDescription(str) {
    return this.styleDescriptionText(str);
  }
  styleSubcommandDescription(str) {
    return this.styleDescriptionText(str);
  }
  styleArgumentDescription(str) {
    return this.styleDescriptionText(str);
  }
  styleDescriptionText(str) {
    return str;
  }
  styleOptionTerm(str) {
    return this.styleOptionText(str);
  }
  styleSubcommandTerm(str) {
    // This is very like usage with lots of parts! Assume default string which is formed like:
    //    subcommand [options] <foo> [bar]
    return str
      .split(' ')
      .map((word) => {
        if (word === '[options]') return this.styleOptionText(word);
        if (word[0] === '[' || word[0] === '<')
          return this.styleArgumentText(word);
        return this.styleSubcommandText(word); // Restrict to initial words?
      })
      .join(' ');
  }
  styleArgumentTerm(str) {
    return this.styleArgumentText(str);
  }
  styleOptionText(str) {
    return str;
  }
  styleArgumentText(str) {
    return str;
  }
  styleSubcommandText(str) {
    return str;
  }
  styleCommandText(str) {
    return str;
  }

  /**
   * Calculate the pad width from the maximum term length.
   *
   * @param {Command} cmd
   * @param {Help} helper
   * @returns {number}
   */

  padWidth(cmd, helper) {
    return Math.max(
      helper.longestOptionTermLength(cmd, helper),
      helper.longestGlobalOptionTermLength(cmd, helper),
      helper.longestSubcommandTermLength(cmd, helper),
      helper.longestArgumentTermLength(cmd, helper),
    );
  }

  /**
   * Detect manually wrapped and indented strings by checking for line break followed by whitespace.
   *
   * @param {string} str
   * @returns {boolean}
   */
  preformatted(str) {
    return /\n[^\S\r\n]/.test(str);
  }

  /**
   * Format the "item", which consists of a term and description. Pad the term and wrap the description, indenting the following lines.
   *
   * So "TTT", 5, "DDD DDDD DD DDD" might be formatted for this.helpWidth=17 like so:
   *   TTT  DDD DDDD
   *        DD DDD
   *
   * @param {string} term
   * @param {number} termWidth
   * @param {string} description
   * @param {Help} helper
   * @returns {string}
   */
  formatItem(term, termWidth, description, helper) {
    const itemIndent = 2;
    const itemIndentStr = ' '.repeat(itemIndent);
    if (!description) return itemIndentStr + term;

    // Pad the term out to a consistent width, so descriptions are aligned.
    const paddedTerm = term.padEnd(
      termWidth + term.length - helper.displayWidth(term),
    );

    // Format the description.
    const spacerWidth = 2; // between term and description
    const helpWidth = this.helpWidth ?? 80; // in case prepareContext() was not called
    const remainingWidth = helpWidth - termWidth - spacerWidth - itemIndent;
    let formattedDescription;
    if (
      remainingWidth < this.minWidthToWrap ||
      helper.preformatted(description)
    ) {
      formattedDescription = description;
    } else {
      const wrappedDescription = helper.boxWrap(description, remainingWidth);
      formattedDescription = wrappedDescription.replace(
        /\n/g,
        '\n' + ' '.repeat(termWidth + spacerWidth),
      );
    }

    // Construct and overall indent.
    return (
      itemIndentStr +
      paddedTerm +
      ' '.repeat(spacerWidth) +
      formattedDescription.replace(/\n/g, `\n${itemIndentStr}`)
    );
  }

  /**
   * Wrap a string at whitespace, preserving existing line breaks.
   * Wrapping is skipped if the width is less than `minWidthToWrap`.
   *
   * @param {string} str
   * @param {number} width
   * @returns {string}
   */
  boxWrap(str, width) {
    if (width < this.minWidthToWrap) return str;

    const rawLines = str.split(/\r\n|\n/);
    // split up text by whitespace
    const chunkPattern = /[\s]*[^\s]+/g;
    const wrappedLines = [];
    rawLines.forEach((line) => {
      const chunks = line.match(chunkPattern);
      if (chunks === null) {
        wrappedLines.push('');
        return;
      }

      let sumChunks = [chunks.shift()];
      let sumWidth = this.displayWidth(sumChunks[0]);
      chunks.forEach((chunk) => {
        const visibleWidth = this.displayWidth(chunk);
        // Accumulate chunks while they fit into width.
        if (sumWidth + visibleWidth <= width) {
          sumChunks.push(chunk);
          sumWidth += visibleWidth;
          return;
        }
        wrappedLines.push(sumChunks.join(''));

        const nextChunk = chunk.trimStart(); // trim space at line break
        sumChunks = [nextChunk];
        sumWidth = this.displayWidth(nextChunk);
      });
      wrappedLines.push(sumChunks.join(''));
    });

    return wrappedLines.join('\n');
  }
}

;// CONCATENATED MODULE: ./node_modules/commander/lib/option.js


class option_Option {
  /**
   * Initialize a new `Option` with the given `flags` and `description`.
   *
   * @param {string} flags
   * @param {string} [description]
   */

  constructor(flags, description) {
    this.flags = flags;
    this.description = description || '';

    this.required = flags.includes('<'); // A value must be supplied when the option is specified.
    this.optional = flags.includes('['); // A value is optional when the option is specified.
    // variadic test ignores <value,...> et al which might be used to describe custom splitting of single argument
    this.variadic = /\p{ID_Continue}\.\.\.[>\]]$/u.test(flags); // The option can take multiple values.
    this.mandatory = false; // The option must have a value after parsing, which usually means it must be specified on command line.
    const optionFlags = splitOptionFlags(flags);
    this.short = optionFlags.shortFlag; // May be a short flag, undefined, or even a long flag (if option has two long flags).
    this.long = optionFlags.longFlag;
    this.negate = false;
    if (this.long) {
      this.negate = this.long.startsWith('--no-');
    }
    this.defaultValue = undefined;
    this.defaultValueDescription = undefined;
    this.presetArg = undefined;
    this.envVar = undefined;
    this.parseArg = undefined;
    this.hidden = false;
    this.argChoices = undefined;
    this.conflictsWith = [];
    this.implied = undefined;
    this.helpGroupHeading = undefined; // soft initialised when option added to command
  }

  /**
   * Set the default value, and optionally supply the description to be displayed in the help.
   *
   * @param {*} value
   * @param {string} [description]
   * @return {Option}
   */

  default(value, description) {
    this.defaultValue = value;
    this.defaultValueDescription = description;
    return this;
  }

  /**
   * Preset to use when option used without option-argument, especially optional but also boolean and negated.
   * The custom processing (parseArg) is called.
   *
   * @example
   * new Option('--color').default('GREYSCALE').preset('RGB');
   * new Option('--donate [amount]').preset('20').argParser(parseFloat);
   *
   * @param {*} arg
   * @return {Option}
   */

  preset(arg) {
    this.presetArg = arg;
    return this;
  }

  /**
   * Add option name(s) that conflict with this option.
   * An error will be displayed if conflicting options are found during parsing.
   *
   * @example
   * new Option('--rgb').conflicts('cmyk');
   * new Option('--js').conflicts(['ts', 'jsx']);
   *
   * @param {(string | string[])} names
   * @return {Option}
   */

  conflicts(names) {
    this.conflictsWith = this.conflictsWith.concat(names);
    return this;
  }

  /**
   * Specify implied option values for when this option is set and the implied options are not.
   *
   * The custom processing (parseArg) is not called on the implied values.
   *
   * @example
   * program
   *   .addOption(new Option('--log', 'write logging information to file'))
   *   .addOption(new Option('--trace', 'log extra details').implies({ log: 'trace.txt' }));
   *
   * @param {object} impliedOptionValues
   * @return {Option}
   */
  implies(impliedOptionValues) {
    let newImplied = impliedOptionValues;
    if (typeof impliedOptionValues === 'string') {
      // string is not documented, but easy mistake and we can do what user probably intended.
      newImplied = { [impliedOptionValues]: true };
    }
    this.implied = Object.assign(this.implied || {}, newImplied);
    return this;
  }

  /**
   * Set environment variable to check for option value.
   *
   * An environment variable is only used if when processed the current option value is
   * undefined, or the source of the current value is 'default' or 'config' or 'env'.
   *
   * @param {string} name
   * @return {Option}
   */

  env(name) {
    this.envVar = name;
    return this;
  }

  /**
   * Set the custom handler for processing CLI option arguments into option values.
   *
   * @param {Function} [fn]
   * @return {Option}
   */

  argParser(fn) {
    this.parseArg = fn;
    return this;
  }

  /**
   * Whether the option is mandatory and must have a value after parsing.
   *
   * @param {boolean} [mandatory=true]
   * @return {Option}
   */

  makeOptionMandatory(mandatory = true) {
    this.mandatory = !!mandatory;
    return this;
  }

  /**
   * Hide option in help.
   *
   * @param {boolean} [hide=true]
   * @return {Option}
   */

  hideHelp(hide = true) {
    this.hidden = !!hide;
    return this;
  }

  /**
   * @package
   */

  _collectValue(value, previous) {
    if (previous === this.defaultValue || !Array.isArray(previous)) {
      return [value];
    }

    previous.push(value);
    return previous;
  }

  /**
   * Only allow option value to be one of choices.
   *
   * @param {string[]} values
   * @return {Option}
   */

  choices(values) {
    this.argChoices = values.slice();
    this.parseArg = (arg, previous) => {
      if (!this.argChoices.includes(arg)) {
        throw new InvalidArgumentError(
          `Allowed choices are ${this.argChoices.join(', ')}.`,
        );
      }
      if (this.variadic) {
        return this._collectValue(arg, previous);
      }
      return arg;
    };
    return this;
  }

  /**
   * Return option name.
   *
   * @return {string}
   */

  name() {
    if (this.long) {
      return this.long.replace(/^--/, '');
    }
    return this.short.replace(/^-/, '');
  }

  /**
   * Return option name, in a camelcase format that can be used
   * as an object attribute key.
   *
   * @return {string}
   */

  attributeName() {
    if (this.negate) {
      return camelcase(this.name().replace(/^no-/, ''));
    }
    return camelcase(this.name());
  }

  /**
   * Set the help group heading.
   *
   * @param {string} heading
   * @return {Option}
   */
  helpGroup(heading) {
    this.helpGroupHeading = heading;
    return this;
  }

  /**
   * Check if `arg` matches the short or long flag.
   *
   * @param {string} arg
   * @return {boolean}
   * @package
   */

  is(arg) {
    return this.short === arg || this.long === arg;
  }

  /**
   * Return whether a boolean option.
   *
   * Options are one of boolean, negated, required argument, or optional argument.
   *
   * @return {boolean}
   * @package
   */

  isBoolean() {
    return !this.required && !this.optional && !this.negate;
  }
}

/**
 * This class is to make it easier to work with dual options, without changing the existing
 * implementation. We support separate dual options for separate positive and negative options,
 * like `--build` and `--no-build`, which share a single option value. This works nicely for some
 * use cases, but is tricky for others where we want separate behaviours despite
 * the single shared option value.
 */
class DualOptions {
  /**
   * @param {Option[]} options
   */
  constructor(options) {
    this.positiveOptions = new Map();
    this.negativeOptions = new Map();
    this.dualOptions = new Set();
    options.forEach((option) => {
      if (option.negate) {
        this.negativeOptions.set(option.attributeName(), option);
      } else {
        this.positiveOptions.set(option.attributeName(), option);
      }
    });
    this.negativeOptions.forEach((value, key) => {
      if (this.positiveOptions.has(key)) {
        this.dualOptions.add(key);
      }
    });
  }

  /**
   * Did the value come from the option, and not from possible matching dual option?
   *
   * @param {*} value
   * @param {Option} option
   * @returns {boolean}
   */
  valueFromOption(value, option) {
    const optionKey = option.attributeName();
    if (!this.dualOptions.has(optionKey)) return true;

    // Use the value to deduce if (probably) came from the option.
    const preset = this.negativeOptions.get(optionKey).presetArg;
    const negativeValue = preset !== undefined ? preset : false;
    return option.negate === (negativeValue === value);
  }
}

/**
 * Convert string from kebab-case to camelCase.
 *
 * @param {string} str
 * @return {string}
 * @private
 */

function camelcase(str) {
  return str.split('-').reduce((str, word) => {
    return str + word[0].toUpperCase() + word.slice(1);
  });
}

/**
 * Split the short and long flag out of something like '-m,--mixed <value>'
 *
 * @private
 */

function splitOptionFlags(flags) {
  let shortFlag;
  let longFlag;
  // short flag, single dash and single character
  const shortFlagExp = /^-[^-]$/;
  // long flag, double dash and at least one character
  const longFlagExp = /^--[^-]/;

  const flagParts = flags.split(/[ |,]+/).concat('guard');
  // Normal is short and/or long.
  if (shortFlagExp.test(flagParts[0])) shortFlag = flagParts.shift();
  if (longFlagExp.test(flagParts[0])) longFlag = flagParts.shift();
  // Long then short. Rarely used but fine.
  if (!shortFlag && shortFlagExp.test(flagParts[0]))
    shortFlag = flagParts.shift();
  // Allow two long flags, like '--ws, --workspace'
  // This is the supported way to have a shortish option flag.
  if (!shortFlag && longFlagExp.test(flagParts[0])) {
    shortFlag = longFlag;
    longFlag = flagParts.shift();
  }

  // Check for unprocessed flag. Fail noisily rather than silently ignore.
  if (flagParts[0].startsWith('-')) {
    const unsupportedFlag = flagParts[0];
    const baseError = `option creation failed due to '${unsupportedFlag}' in option flags '${flags}'`;
    if (/^-[^-][^-]/.test(unsupportedFlag))
      throw new Error(
        `${baseError}
- a short flag is a single dash and a single character
  - either use a single dash and a single character (for a short flag)
  - or use a double dash for a long option (and can have two, like '--ws, --workspace')`,
      );
    if (shortFlagExp.test(unsupportedFlag))
      throw new Error(`${baseError}
- too many short flags`);
    if (longFlagExp.test(unsupportedFlag))
      throw new Error(`${baseError}
- too many long flags`);

    throw new Error(`${baseError}
- unrecognised flag format`);
  }
  if (shortFlag === undefined && longFlag === undefined)
    throw new Error(
      `option creation failed due to no flags found in '${flags}'.`,
    );

  return { shortFlag, longFlag };
}

;// CONCATENATED MODULE: ./node_modules/commander/lib/suggestSimilar.js
const maxDistance = 3;

function editDistance(a, b) {
  // https://en.wikipedia.org/wiki/Damerau–Levenshtein_distance
  // Calculating optimal string alignment distance, no substring is edited more than once.
  // (Simple implementation.)

  // Quick early exit, return worst case.
  if (Math.abs(a.length - b.length) > maxDistance)
    return Math.max(a.length, b.length);

  // distance between prefix substrings of a and b
  const d = [];

  // pure deletions turn a into empty string
  for (let i = 0; i <= a.length; i++) {
    d[i] = [i];
  }
  // pure insertions turn empty string into b
  for (let j = 0; j <= b.length; j++) {
    d[0][j] = j;
  }

  // fill matrix
  for (let j = 1; j <= b.length; j++) {
    for (let i = 1; i <= a.length; i++) {
      let cost;
      if (a[i - 1] === b[j - 1]) {
        cost = 0;
      } else {
        cost = 1;
      }
      d[i][j] = Math.min(
        d[i - 1][j] + 1, // deletion
        d[i][j - 1] + 1, // insertion
        d[i - 1][j - 1] + cost, // substitution
      );
      // transposition
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }

  return d[a.length][b.length];
}

/**
 * Find close matches, restricted to same number of edits.
 *
 * @param {string} word
 * @param {string[]} candidates
 * @returns {string}
 */

function suggestSimilar(word, candidates) {
  if (!candidates || candidates.length === 0) return '';
  // remove possible duplicates
  candidates = Array.from(new Set(candidates));

  const searchingOptions = word.startsWith('--');
  if (searchingOptions) {
    word = word.slice(2);
    candidates = candidates.map((candidate) => candidate.slice(2));
  }

  let similar = [];
  let bestDistance = maxDistance;
  const minSimilarity = 0.4;
  candidates.forEach((candidate) => {
    if (candidate.length <= 1) return; // no one character guesses

    const distance = editDistance(word, candidate);
    const length = Math.max(word.length, candidate.length);
    const similarity = (length - distance) / length;
    if (similarity > minSimilarity) {
      if (distance < bestDistance) {
        // better edit distance, throw away previous worse matches
        bestDistance = distance;
        similar = [candidate];
      } else if (distance === bestDistance) {
        similar.push(candidate);
      }
    }
  });

  similar.sort((a, b) => a.localeCompare(b));
  if (searchingOptions) {
    similar = similar.map((candidate) => `--${candidate}`);
  }

  if (similar.length > 1) {
    return `\n(Did you mean one of ${similar.join(', ')}?)`;
  }
  if (similar.length === 1) {
    return `\n(Did you mean ${similar[0]}?)`;
  }
  return '';
}

;// CONCATENATED MODULE: ./node_modules/commander/lib/command.js













class command_Command extends external_node_events_.EventEmitter {
  /**
   * Initialize a new `Command`.
   *
   * @param {string} [name]
   */

  constructor(name) {
    super();
    /** @type {Command[]} */
    this.commands = [];
    /** @type {Option[]} */
    this.options = [];
    this.parent = null;
    this._allowUnknownOption = false;
    this._allowExcessArguments = false;
    /** @type {Argument[]} */
    this.registeredArguments = [];
    this._args = this.registeredArguments; // deprecated old name
    /** @type {string[]} */
    this.args = []; // cli args with options removed
    this.rawArgs = [];
    this.processedArgs = []; // like .args but after custom processing and collecting variadic
    this._scriptPath = null;
    this._name = name || '';
    this._optionValues = {};
    this._optionValueSources = {}; // default, env, cli etc
    this._storeOptionsAsProperties = false;
    this._actionHandler = null;
    this._executableHandler = false;
    this._executableFile = null; // custom name for executable
    this._executableDir = null; // custom search directory for subcommands
    this._defaultCommandName = null;
    this._exitCallback = null;
    this._aliases = [];
    this._combineFlagAndOptionalValue = true;
    this._description = '';
    this._summary = '';
    this._argsDescription = undefined; // legacy
    this._enablePositionalOptions = false;
    this._passThroughOptions = false;
    this._lifeCycleHooks = {}; // a hash of arrays
    /** @type {(boolean | string)} */
    this._showHelpAfterError = false;
    this._showSuggestionAfterError = true;
    this._savedState = null; // used in save/restoreStateBeforeParse

    // see configureOutput() for docs
    this._outputConfiguration = {
      writeOut: (str) => external_node_process_namespaceObject.stdout.write(str),
      writeErr: (str) => external_node_process_namespaceObject.stderr.write(str),
      outputError: (str, write) => write(str),
      getOutHelpWidth: () =>
        external_node_process_namespaceObject.stdout.isTTY ? external_node_process_namespaceObject.stdout.columns : undefined,
      getErrHelpWidth: () =>
        external_node_process_namespaceObject.stderr.isTTY ? external_node_process_namespaceObject.stderr.columns : undefined,
      getOutHasColors: () =>
        useColor() ?? (external_node_process_namespaceObject.stdout.isTTY && external_node_process_namespaceObject.stdout.hasColors?.()),
      getErrHasColors: () =>
        useColor() ?? (external_node_process_namespaceObject.stderr.isTTY && external_node_process_namespaceObject.stderr.hasColors?.()),
      stripColor: (str) => (0,external_node_util_.stripVTControlCharacters)(str),
    };

    this._hidden = false;
    /** @type {(Option | null | undefined)} */
    this._helpOption = undefined; // Lazy created on demand. May be null if help option is disabled.
    this._addImplicitHelpCommand = undefined; // undecided whether true or false yet, not inherited
    /** @type {Command} */
    this._helpCommand = undefined; // lazy initialised, inherited
    this._helpConfiguration = {};
    /** @type {string | undefined} */
    this._helpGroupHeading = undefined; // soft initialised when added to parent
    /** @type {string | undefined} */
    this._defaultCommandGroup = undefined;
    /** @type {string | undefined} */
    this._defaultOptionGroup = undefined;
  }

  /**
   * Copy settings that are useful to have in common across root command and subcommands.
   *
   * (Used internally when adding a command using `.command()` so subcommands inherit parent settings.)
   *
   * @param {Command} sourceCommand
   * @return {Command} `this` command for chaining
   */
  copyInheritedSettings(sourceCommand) {
    this._outputConfiguration = sourceCommand._outputConfiguration;
    this._helpOption = sourceCommand._helpOption;
    this._helpCommand = sourceCommand._helpCommand;
    this._helpConfiguration = sourceCommand._helpConfiguration;
    this._exitCallback = sourceCommand._exitCallback;
    this._storeOptionsAsProperties = sourceCommand._storeOptionsAsProperties;
    this._combineFlagAndOptionalValue =
      sourceCommand._combineFlagAndOptionalValue;
    this._allowExcessArguments = sourceCommand._allowExcessArguments;
    this._enablePositionalOptions = sourceCommand._enablePositionalOptions;
    this._showHelpAfterError = sourceCommand._showHelpAfterError;
    this._showSuggestionAfterError = sourceCommand._showSuggestionAfterError;

    return this;
  }

  /**
   * @returns {Command[]}
   * @private
   */

  _getCommandAndAncestors() {
    const result = [];
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    for (let command = this; command; command = command.parent) {
      result.push(command);
    }
    return result;
  }

  /**
   * Define a command.
   *
   * There are two styles of command: pay attention to where to put the description.
   *
   * @example
   * // Command implemented using action handler (description is supplied separately to `.command`)
   * program
   *   .command('clone <source> [destination]')
   *   .description('clone a repository into a newly created directory')
   *   .action((source, destination) => {
   *     console.log('clone command called');
   *   });
   *
   * // Command implemented using separate executable file (description is second parameter to `.command`)
   * program
   *   .command('start <service>', 'start named service')
   *   .command('stop [service]', 'stop named service, or all if no name supplied');
   *
   * @param {string} nameAndArgs - command name and arguments, args are `<required>` or `[optional]` and last may also be `variadic...`
   * @param {(object | string)} [actionOptsOrExecDesc] - configuration options (for action), or description (for executable)
   * @param {object} [execOpts] - configuration options (for executable)
   * @return {Command} returns new command for action handler, or `this` for executable command
   */

  command(nameAndArgs, actionOptsOrExecDesc, execOpts) {
    let desc = actionOptsOrExecDesc;
    let opts = execOpts;
    if (typeof desc === 'object' && desc !== null) {
      opts = desc;
      desc = null;
    }
    opts = opts || {};
    const [, name, args] = nameAndArgs.match(/([^ ]+) *(.*)/);

    const cmd = this.createCommand(name);
    if (desc) {
      cmd.description(desc);
      cmd._executableHandler = true;
    }
    if (opts.isDefault) this._defaultCommandName = cmd._name;
    cmd._hidden = !!(opts.noHelp || opts.hidden); // noHelp is deprecated old name for hidden
    cmd._executableFile = opts.executableFile || null; // Custom name for executable file, set missing to null to match constructor
    if (args) cmd.arguments(args);
    this._registerCommand(cmd);
    cmd.parent = this;
    cmd.copyInheritedSettings(this);

    if (desc) return this;
    return cmd;
  }

  /**
   * Factory routine to create a new unattached command.
   *
   * See .command() for creating an attached subcommand, which uses this routine to
   * create the command. You can override createCommand to customise subcommands.
   *
   * @param {string} [name]
   * @return {Command} new command
   */

  createCommand(name) {
    return new command_Command(name);
  }

  /**
   * You can customise the help with a subclass of Help by overriding createHelp,
   * or by overriding Help properties using configureHelp().
   *
   * @return {Help}
   */

  createHelp() {
    return Object.assign(new Help(), this.configureHelp());
  }

  /**
   * You can customise the help by overriding Help properties using configureHelp(),
   * or with a subclass of Help by overriding createHelp().
   *
   * @param {object} [configuration] - configuration options
   * @return {(Command | object)} `this` command for chaining, or stored configuration
   */

  configureHelp(configuration) {
    if (configuration === undefined) return this._helpConfiguration;

    this._helpConfiguration = configuration;
    return this;
  }

  /**
   * The default output goes to stdout and stderr. You can customise this for special
   * applications. You can also customise the display of errors by overriding outputError.
   *
   * The configuration properties are all functions:
   *
   *     // change how output being written, defaults to stdout and stderr
   *     writeOut(str)
   *     writeErr(str)
   *     // change how output being written for errors, defaults to writeErr
   *     outputError(str, write) // used for displaying errors and not used for displaying help
   *     // specify width for wrapping help
   *     getOutHelpWidth()
   *     getErrHelpWidth()
   *     // color support, currently only used with Help
   *     getOutHasColors()
   *     getErrHasColors()
   *     stripColor() // used to remove ANSI escape codes if output does not have colors
   *
   * @param {object} [configuration] - configuration options
   * @return {(Command | object)} `this` command for chaining, or stored configuration
   */

  configureOutput(configuration) {
    if (configuration === undefined) return this._outputConfiguration;

    this._outputConfiguration = {
      ...this._outputConfiguration,
      ...configuration,
    };
    return this;
  }

  /**
   * Display the help or a custom message after an error occurs.
   *
   * @param {(boolean|string)} [displayHelp]
   * @return {Command} `this` command for chaining
   */
  showHelpAfterError(displayHelp = true) {
    if (typeof displayHelp !== 'string') displayHelp = !!displayHelp;
    this._showHelpAfterError = displayHelp;
    return this;
  }

  /**
   * Display suggestion of similar commands for unknown commands, or options for unknown options.
   *
   * @param {boolean} [displaySuggestion]
   * @return {Command} `this` command for chaining
   */
  showSuggestionAfterError(displaySuggestion = true) {
    this._showSuggestionAfterError = !!displaySuggestion;
    return this;
  }

  /**
   * Add a prepared subcommand.
   *
   * See .command() for creating an attached subcommand which inherits settings from its parent.
   *
   * @param {Command} cmd - new subcommand
   * @param {object} [opts] - configuration options
   * @return {Command} `this` command for chaining
   */

  addCommand(cmd, opts) {
    if (!cmd._name) {
      throw new Error(`Command passed to .addCommand() must have a name
- specify the name in Command constructor or using .name()`);
    }

    opts = opts || {};
    if (opts.isDefault) this._defaultCommandName = cmd._name;
    if (opts.noHelp || opts.hidden) cmd._hidden = true; // modifying passed command due to existing implementation

    this._registerCommand(cmd);
    cmd.parent = this;
    cmd._checkForBrokenPassThrough();

    return this;
  }

  /**
   * Factory routine to create a new unattached argument.
   *
   * See .argument() for creating an attached argument, which uses this routine to
   * create the argument. You can override createArgument to return a custom argument.
   *
   * @param {string} name
   * @param {string} [description]
   * @return {Argument} new argument
   */

  createArgument(name, description) {
    return new argument_Argument(name, description);
  }

  /**
   * Define argument syntax for command.
   *
   * The default is that the argument is required, and you can explicitly
   * indicate this with <> around the name. Put [] around the name for an optional argument.
   *
   * @example
   * program.argument('<input-file>');
   * program.argument('[output-file]');
   *
   * @param {string} name
   * @param {string} [description]
   * @param {(Function|*)} [parseArg] - custom argument processing function or default value
   * @param {*} [defaultValue]
   * @return {Command} `this` command for chaining
   */
  argument(name, description, parseArg, defaultValue) {
    const argument = this.createArgument(name, description);
    if (typeof parseArg === 'function') {
      argument.default(defaultValue).argParser(parseArg);
    } else {
      argument.default(parseArg);
    }
    this.addArgument(argument);
    return this;
  }

  /**
   * Define argument syntax for command, adding multiple at once (without descriptions).
   *
   * See also .argument().
   *
   * @example
   * program.arguments('<cmd> [env]');
   *
   * @param {string} names
   * @return {Command} `this` command for chaining
   */

  arguments(names) {
    names
      .trim()
      .split(/ +/)
      .forEach((detail) => {
        this.argument(detail);
      });
    return this;
  }

  /**
   * Define argument syntax for command, adding a prepared argument.
   *
   * @param {Argument} argument
   * @return {Command} `this` command for chaining
   */
  addArgument(argument) {
    const previousArgument = this.registeredArguments.slice(-1)[0];
    if (previousArgument?.variadic) {
      throw new Error(
        `only the last argument can be variadic '${previousArgument.name()}'`,
      );
    }
    if (
      argument.required &&
      argument.defaultValue !== undefined &&
      argument.parseArg === undefined
    ) {
      throw new Error(
        `a default value for a required argument is never used: '${argument.name()}'`,
      );
    }
    this.registeredArguments.push(argument);
    return this;
  }

  /**
   * Customise or override default help command. By default a help command is automatically added if your command has subcommands.
   *
   * @example
   *    program.helpCommand('help [cmd]');
   *    program.helpCommand('help [cmd]', 'show help');
   *    program.helpCommand(false); // suppress default help command
   *    program.helpCommand(true); // add help command even if no subcommands
   *
   * @param {string|boolean} enableOrNameAndArgs - enable with custom name and/or arguments, or boolean to override whether added
   * @param {string} [description] - custom description
   * @return {Command} `this` command for chaining
   */

  helpCommand(enableOrNameAndArgs, description) {
    if (typeof enableOrNameAndArgs === 'boolean') {
      this._addImplicitHelpCommand = enableOrNameAndArgs;
      if (enableOrNameAndArgs && this._defaultCommandGroup) {
        // make the command to store the group
        this._initCommandGroup(this._getHelpCommand());
      }
      return this;
    }

    const nameAndArgs = enableOrNameAndArgs ?? 'help [command]';
    const [, helpName, helpArgs] = nameAndArgs.match(/([^ ]+) *(.*)/);
    const helpDescription = description ?? 'display help for command';

    const helpCommand = this.createCommand(helpName);
    helpCommand.helpOption(false);
    if (helpArgs) helpCommand.arguments(helpArgs);
    if (helpDescription) helpCommand.description(helpDescription);

    this._addImplicitHelpCommand = true;
    this._helpCommand = helpCommand;
    // init group unless lazy create
    if (enableOrNameAndArgs || description) this._initCommandGroup(helpCommand);

    return this;
  }

  /**
   * Add prepared custom help command.
   *
   * @param {(Command|string|boolean)} helpCommand - custom help command, or deprecated enableOrNameAndArgs as for `.helpCommand()`
   * @param {string} [deprecatedDescription] - deprecated custom description used with custom name only
   * @return {Command} `this` command for chaining
   */
  addHelpCommand(helpCommand, deprecatedDescription) {
    // If not passed an object, call through to helpCommand for backwards compatibility,
    // as addHelpCommand was originally used like helpCommand is now.
    if (typeof helpCommand !== 'object') {
      this.helpCommand(helpCommand, deprecatedDescription);
      return this;
    }

    this._addImplicitHelpCommand = true;
    this._helpCommand = helpCommand;
    this._initCommandGroup(helpCommand);
    return this;
  }

  /**
   * Lazy create help command.
   *
   * @return {(Command|null)}
   * @package
   */
  _getHelpCommand() {
    const hasImplicitHelpCommand =
      this._addImplicitHelpCommand ??
      (this.commands.length &&
        !this._actionHandler &&
        !this._findCommand('help'));

    if (hasImplicitHelpCommand) {
      if (this._helpCommand === undefined) {
        this.helpCommand(undefined, undefined); // use default name and description
      }
      return this._helpCommand;
    }
    return null;
  }

  /**
   * Add hook for life cycle event.
   *
   * @param {string} event
   * @param {Function} listener
   * @return {Command} `this` command for chaining
   */

  hook(event, listener) {
    const allowedValues = ['preSubcommand', 'preAction', 'postAction'];
    if (!allowedValues.includes(event)) {
      throw new Error(`Unexpected value for event passed to hook : '${event}'.
Expecting one of '${allowedValues.join("', '")}'`);
    }
    if (this._lifeCycleHooks[event]) {
      this._lifeCycleHooks[event].push(listener);
    } else {
      this._lifeCycleHooks[event] = [listener];
    }
    return this;
  }

  /**
   * Register callback to use as replacement for calling process.exit.
   *
   * @param {Function} [fn] optional callback which will be passed a CommanderError, defaults to throwing
   * @return {Command} `this` command for chaining
   */

  exitOverride(fn) {
    if (fn) {
      this._exitCallback = fn;
    } else {
      this._exitCallback = (err) => {
        if (err.code !== 'commander.executeSubCommandAsync') {
          throw err;
        } else {
          // Async callback from spawn events, not useful to throw.
        }
      };
    }
    return this;
  }

  /**
   * Call process.exit, and _exitCallback if defined.
   *
   * @param {number} exitCode exit code for using with process.exit
   * @param {string} code an id string representing the error
   * @param {string} message human-readable description of the error
   * @return never
   * @private
   */

  _exit(exitCode, code, message) {
    if (this._exitCallback) {
      this._exitCallback(new CommanderError(exitCode, code, message));
      // Expecting this line is not reached.
    }
    external_node_process_namespaceObject.exit(exitCode);
  }

  /**
   * Register callback `fn` for the command.
   *
   * @example
   * program
   *   .command('serve')
   *   .description('start service')
   *   .action(function() {
   *      // do work here
   *   });
   *
   * @param {Function} fn
   * @return {Command} `this` command for chaining
   */

  action(fn) {
    const listener = (args) => {
      // The .action callback takes an extra parameter which is the command or options.
      const expectedArgsCount = this.registeredArguments.length;
      const actionArgs = args.slice(0, expectedArgsCount);
      if (this._storeOptionsAsProperties) {
        actionArgs[expectedArgsCount] = this; // backwards compatible "options"
      } else {
        actionArgs[expectedArgsCount] = this.opts();
      }
      actionArgs.push(this);

      return fn.apply(this, actionArgs);
    };
    this._actionHandler = listener;
    return this;
  }

  /**
   * Factory routine to create a new unattached option.
   *
   * See .option() for creating an attached option, which uses this routine to
   * create the option. You can override createOption to return a custom option.
   *
   * @param {string} flags
   * @param {string} [description]
   * @return {Option} new option
   */

  createOption(flags, description) {
    return new option_Option(flags, description);
  }

  /**
   * Wrap parseArgs to catch 'commander.invalidArgument'.
   *
   * @param {(Option | Argument)} target
   * @param {string} value
   * @param {*} previous
   * @param {string} invalidArgumentMessage
   * @private
   */

  _callParseArg(target, value, previous, invalidArgumentMessage) {
    try {
      return target.parseArg(value, previous);
    } catch (err) {
      if (err.code === 'commander.invalidArgument') {
        const message = `${invalidArgumentMessage} ${err.message}`;
        this.error(message, { exitCode: err.exitCode, code: err.code });
      }
      throw err;
    }
  }

  /**
   * Check for option flag conflicts.
   * Register option if no conflicts found, or throw on conflict.
   *
   * @param {Option} option
   * @private
   */

  _registerOption(option) {
    const matchingOption =
      (option.short && this._findOption(option.short)) ||
      (option.long && this._findOption(option.long));
    if (matchingOption) {
      const matchingFlag =
        option.long && this._findOption(option.long)
          ? option.long
          : option.short;
      throw new Error(`Cannot add option '${option.flags}'${this._name && ` to command '${this._name}'`} due to conflicting flag '${matchingFlag}'
-  already used by option '${matchingOption.flags}'`);
    }

    this._initOptionGroup(option);
    this.options.push(option);
  }

  /**
   * Check for command name and alias conflicts with existing commands.
   * Register command if no conflicts found, or throw on conflict.
   *
   * @param {Command} command
   * @private
   */

  _registerCommand(command) {
    const knownBy = (cmd) => {
      return [cmd.name()].concat(cmd.aliases());
    };

    const alreadyUsed = knownBy(command).find((name) =>
      this._findCommand(name),
    );
    if (alreadyUsed) {
      const existingCmd = knownBy(this._findCommand(alreadyUsed)).join('|');
      const newCmd = knownBy(command).join('|');
      throw new Error(
        `cannot add command '${newCmd}' as already have command '${existingCmd}'`,
      );
    }

    this._initCommandGroup(command);
    this.commands.push(command);
  }

  /**
   * Add an option.
   *
   * @param {Option} option
   * @return {Command} `this` command for chaining
   */
  addOption(option) {
    this._registerOption(option);

    const oname = option.name();
    const name = option.attributeName();

    // store default value
    if (option.defaultValue !== undefined) {
      this.setOptionValueWithSource(name, option.defaultValue, 'default');
    }

    // handler for cli and env supplied values
    const handleOptionValue = (val, invalidValueMessage, valueSource) => {
      // val is null for optional option used without an optional-argument.
      // val is undefined for boolean and negated option.
      if (val == null && option.presetArg !== undefined) {
        val = option.presetArg;
      }

      // custom processing
      const oldValue = this.getOptionValue(name);
      if (val !== null && option.parseArg) {
        val = this._callParseArg(option, val, oldValue, invalidValueMessage);
      } else if (val !== null && option.variadic) {
        val = option._collectValue(val, oldValue);
      }

      // Fill-in appropriate missing values. Long winded but easy to follow.
      if (val == null) {
        if (option.negate) {
          val = false;
        } else if (option.isBoolean() || option.optional) {
          val = true;
        } else {
          val = ''; // not normal, parseArg might have failed or be a mock function for testing
        }
      }
      this.setOptionValueWithSource(name, val, valueSource);
    };

    this.on('option:' + oname, (val) => {
      const invalidValueMessage = `error: option '${option.flags}' argument '${val}' is invalid.`;
      handleOptionValue(val, invalidValueMessage, 'cli');
    });

    if (option.envVar) {
      this.on('optionEnv:' + oname, (val) => {
        const invalidValueMessage = `error: option '${option.flags}' value '${val}' from env '${option.envVar}' is invalid.`;
        handleOptionValue(val, invalidValueMessage, 'env');
      });
    }

    return this;
  }

  /**
   * Internal implementation shared by .option() and .requiredOption()
   *
   * @return {Command} `this` command for chaining
   * @private
   */
  _optionEx(config, flags, description, fn, defaultValue) {
    if (typeof flags === 'object' && flags instanceof option_Option) {
      throw new Error(
        'To add an Option object use addOption() instead of option() or requiredOption()',
      );
    }
    const option = this.createOption(flags, description);
    option.makeOptionMandatory(!!config.mandatory);
    if (typeof fn === 'function') {
      option.default(defaultValue).argParser(fn);
    } else if (fn instanceof RegExp) {
      // deprecated
      const regex = fn;
      fn = (val, def) => {
        const m = regex.exec(val);
        return m ? m[0] : def;
      };
      option.default(defaultValue).argParser(fn);
    } else {
      option.default(fn);
    }

    return this.addOption(option);
  }

  /**
   * Define option with `flags`, `description`, and optional argument parsing function or `defaultValue` or both.
   *
   * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space. A required
   * option-argument is indicated by `<>` and an optional option-argument by `[]`.
   *
   * See the README for more details, and see also addOption() and requiredOption().
   *
   * @example
   * program
   *     .option('-p, --pepper', 'add pepper')
   *     .option('--pt, --pizza-type <TYPE>', 'type of pizza') // required option-argument
   *     .option('-c, --cheese [CHEESE]', 'add extra cheese', 'mozzarella') // optional option-argument with default
   *     .option('-t, --tip <VALUE>', 'add tip to purchase cost', parseFloat) // custom parse function
   *
   * @param {string} flags
   * @param {string} [description]
   * @param {(Function|*)} [parseArg] - custom option processing function or default value
   * @param {*} [defaultValue]
   * @return {Command} `this` command for chaining
   */

  option(flags, description, parseArg, defaultValue) {
    return this._optionEx({}, flags, description, parseArg, defaultValue);
  }

  /**
   * Add a required option which must have a value after parsing. This usually means
   * the option must be specified on the command line. (Otherwise the same as .option().)
   *
   * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space.
   *
   * @param {string} flags
   * @param {string} [description]
   * @param {(Function|*)} [parseArg] - custom option processing function or default value
   * @param {*} [defaultValue]
   * @return {Command} `this` command for chaining
   */

  requiredOption(flags, description, parseArg, defaultValue) {
    return this._optionEx(
      { mandatory: true },
      flags,
      description,
      parseArg,
      defaultValue,
    );
  }

  /**
   * Alter parsing of short flags with optional values.
   *
   * @example
   * // for `.option('-f,--flag [value]'):
   * program.combineFlagAndOptionalValue(true);  // `-f80` is treated like `--flag=80`, this is the default behaviour
   * program.combineFlagAndOptionalValue(false) // `-fb` is treated like `-f -b`
   *
   * @param {boolean} [combine] - if `true` or omitted, an optional value can be specified directly after the flag.
   * @return {Command} `this` command for chaining
   */
  combineFlagAndOptionalValue(combine = true) {
    this._combineFlagAndOptionalValue = !!combine;
    return this;
  }

  /**
   * Allow unknown options on the command line.
   *
   * @param {boolean} [allowUnknown] - if `true` or omitted, no error will be thrown for unknown options.
   * @return {Command} `this` command for chaining
   */
  allowUnknownOption(allowUnknown = true) {
    this._allowUnknownOption = !!allowUnknown;
    return this;
  }

  /**
   * Allow excess command-arguments on the command line. Pass false to make excess arguments an error.
   *
   * @param {boolean} [allowExcess] - if `true` or omitted, no error will be thrown for excess arguments.
   * @return {Command} `this` command for chaining
   */
  allowExcessArguments(allowExcess = true) {
    this._allowExcessArguments = !!allowExcess;
    return this;
  }

  /**
   * Enable positional options. Positional means global options are specified before subcommands which lets
   * subcommands reuse the same option names, and also enables subcommands to turn on passThroughOptions.
   * The default behaviour is non-positional and global options may appear anywhere on the command line.
   *
   * @param {boolean} [positional]
   * @return {Command} `this` command for chaining
   */
  enablePositionalOptions(positional = true) {
    this._enablePositionalOptions = !!positional;
    return this;
  }

  /**
   * Pass through options that come after command-arguments rather than treat them as command-options,
   * so actual command-options come before command-arguments. Turning this on for a subcommand requires
   * positional options to have been enabled on the program (parent commands).
   * The default behaviour is non-positional and options may appear before or after command-arguments.
   *
   * @param {boolean} [passThrough] for unknown options.
   * @return {Command} `this` command for chaining
   */
  passThroughOptions(passThrough = true) {
    this._passThroughOptions = !!passThrough;
    this._checkForBrokenPassThrough();
    return this;
  }

  /**
   * @private
   */

  _checkForBrokenPassThrough() {
    if (
      this.parent &&
      this._passThroughOptions &&
      !this.parent._enablePositionalOptions
    ) {
      throw new Error(
        `passThroughOptions cannot be used for '${this._name}' without turning on enablePositionalOptions for parent command(s)`,
      );
    }
  }

  /**
   * Whether to store option values as properties on command object,
   * or store separately (specify false). In both cases the option values can be accessed using .opts().
   *
   * @param {boolean} [storeAsProperties=true]
   * @return {Command} `this` command for chaining
   */

  storeOptionsAsProperties(storeAsProperties = true) {
    if (this.options.length) {
      throw new Error('call .storeOptionsAsProperties() before adding options');
    }
    if (Object.keys(this._optionValues).length) {
      throw new Error(
        'call .storeOptionsAsProperties() before setting option values',
      );
    }
    this._storeOptionsAsProperties = !!storeAsProperties;
    return this;
  }

  /**
   * Retrieve option value.
   *
   * @param {string} key
   * @return {object} value
   */

  getOptionValue(key) {
    if (this._storeOptionsAsProperties) {
      return this[key];
    }
    return this._optionValues[key];
  }

  /**
   * Store option value.
   *
   * @param {string} key
   * @param {object} value
   * @return {Command} `this` command for chaining
   */

  setOptionValue(key, value) {
    return this.setOptionValueWithSource(key, value, undefined);
  }

  /**
   * Store option value and where the value came from.
   *
   * @param {string} key
   * @param {object} value
   * @param {string} source - expected values are default/config/env/cli/implied
   * @return {Command} `this` command for chaining
   */

  setOptionValueWithSource(key, value, source) {
    if (this._storeOptionsAsProperties) {
      this[key] = value;
    } else {
      this._optionValues[key] = value;
    }
    this._optionValueSources[key] = source;
    return this;
  }

  /**
   * Get source of option value.
   * Expected values are default | config | env | cli | implied
   *
   * @param {string} key
   * @return {string}
   */

  getOptionValueSource(key) {
    return this._optionValueSources[key];
  }

  /**
   * Get source of option value. See also .optsWithGlobals().
   * Expected values are default | config | env | cli | implied
   *
   * @param {string} key
   * @return {string}
   */

  getOptionValueSourceWithGlobals(key) {
    // global overwrites local, like optsWithGlobals
    let source;
    this._getCommandAndAncestors().forEach((cmd) => {
      if (Object.hasOwn(cmd._optionValueSources, key)) {
        source = cmd.getOptionValueSource(key);
      }
    });
    return source;
  }

  /**
   * Get user arguments from implied or explicit arguments.
   * Side-effects: set _scriptPath if args included script. Used for default program name, and subcommand searches.
   *
   * @private
   */

  _prepareUserArgs(argv, parseOptions) {
    if (argv !== undefined && !Array.isArray(argv)) {
      throw new Error('first parameter to parse must be array or undefined');
    }
    parseOptions = parseOptions || {};

    // auto-detect argument conventions if nothing supplied
    if (argv === undefined && parseOptions.from === undefined) {
      if (external_node_process_namespaceObject.versions?.electron) {
        parseOptions.from = 'electron';
      }
      // check node specific options for scenarios where user CLI args follow executable without scriptname
      const execArgv = external_node_process_namespaceObject.execArgv ?? [];
      if (
        execArgv.includes('-e') ||
        execArgv.includes('--eval') ||
        execArgv.includes('-p') ||
        execArgv.includes('--print')
      ) {
        parseOptions.from = 'eval'; // internal usage, not documented
      }
    }

    // default to using process.argv
    if (argv === undefined) {
      argv = external_node_process_namespaceObject.argv;
    }
    this.rawArgs = argv.slice();

    // extract the user args and scriptPath
    let userArgs;
    switch (parseOptions.from) {
      case undefined:
      case 'node':
        this._scriptPath = argv[1];
        userArgs = argv.slice(2);
        break;
      case 'electron':
        // @ts-ignore: because defaultApp is an unknown property
        if (external_node_process_namespaceObject.defaultApp) {
          this._scriptPath = argv[1];
          userArgs = argv.slice(2);
        } else {
          userArgs = argv.slice(1);
        }
        break;
      case 'user':
        userArgs = argv.slice(0);
        break;
      case 'eval':
        userArgs = argv.slice(1);
        break;
      default:
        throw new Error(
          `unexpected parse option { from: '${parseOptions.from}' }`,
        );
    }

    // Find default name for program from arguments.
    if (!this._name && this._scriptPath)
      this.nameFromFilename(this._scriptPath);
    this._name = this._name || 'program';

    return userArgs;
  }

  /**
   * Parse `argv`, setting options and invoking commands when defined.
   *
   * Use parseAsync instead of parse if any of your action handlers are async.
   *
   * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
   *
   * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
   * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
   * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
   * - `'user'`: just user arguments
   *
   * @example
   * program.parse(); // parse process.argv and auto-detect electron and special node flags
   * program.parse(process.argv); // assume argv[0] is app and argv[1] is script
   * program.parse(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
   *
   * @param {string[]} [argv] - optional, defaults to process.argv
   * @param {object} [parseOptions] - optionally specify style of options with from: node/user/electron
   * @param {string} [parseOptions.from] - where the args are from: 'node', 'user', 'electron'
   * @return {Command} `this` command for chaining
   */

  parse(argv, parseOptions) {
    this._prepareForParse();
    const userArgs = this._prepareUserArgs(argv, parseOptions);
    this._parseCommand([], userArgs);

    return this;
  }

  /**
   * Parse `argv`, setting options and invoking commands when defined.
   *
   * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
   *
   * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
   * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
   * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
   * - `'user'`: just user arguments
   *
   * @example
   * await program.parseAsync(); // parse process.argv and auto-detect electron and special node flags
   * await program.parseAsync(process.argv); // assume argv[0] is app and argv[1] is script
   * await program.parseAsync(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
   *
   * @param {string[]} [argv]
   * @param {object} [parseOptions]
   * @param {string} parseOptions.from - where the args are from: 'node', 'user', 'electron'
   * @return {Promise}
   */

  async parseAsync(argv, parseOptions) {
    this._prepareForParse();
    const userArgs = this._prepareUserArgs(argv, parseOptions);
    await this._parseCommand([], userArgs);

    return this;
  }

  _prepareForParse() {
    // Save the state the first time, then restore the state before each subsequent parse.
    if (this._savedState === null) {
      // Do the special default of lone negated option to true, now that we have all the options.
      // Filter for negated options that have not been processed already.
      this.options
        .filter(
          (option) =>
            option.negate &&
            option.defaultValue === undefined &&
            this.getOptionValue(option.attributeName()) === undefined,
        )
        .forEach((option) => {
          // check for lone negated option: --no-foo without a --foo option
          const positiveLongFlag = option.long.replace(/^--no-/, '--');
          if (!this._findOption(positiveLongFlag)) {
            this.setOptionValueWithSource(
              option.attributeName(),
              true,
              'default',
            );
          }
        });

      this.saveStateBeforeParse();
    } else {
      this.restoreStateBeforeParse();
    }
  }

  /**
   * Called the first time parse is called to save state and allow a restore before subsequent calls to parse.
   * Not usually called directly, but available for subclasses to save their custom state.
   *
   * This is called in a lazy way. Only commands used in parsing chain will have state saved.
   */
  saveStateBeforeParse() {
    this._savedState = {
      // name is stable if supplied by author, but may be unspecified for root command and deduced during parsing
      _name: this._name,
      // option values before parse have default values (including false for negated options)
      // shallow clones
      _optionValues: { ...this._optionValues },
      _optionValueSources: { ...this._optionValueSources },
    };
  }

  /**
   * Restore state before parse for calls after the first.
   * Not usually called directly, but available for subclasses to save their custom state.
   *
   * This is called in a lazy way. Only commands used in parsing chain will have state restored.
   */
  restoreStateBeforeParse() {
    if (this._storeOptionsAsProperties)
      throw new Error(`Can not call parse again when storeOptionsAsProperties is true.
- either make a new Command for each call to parse, or stop storing options as properties`);

    // clear state from _prepareUserArgs
    this._name = this._savedState._name;
    this._scriptPath = null;
    this.rawArgs = [];
    // clear state from setOptionValueWithSource
    this._optionValues = { ...this._savedState._optionValues };
    this._optionValueSources = { ...this._savedState._optionValueSources };
    // clear state from _parseCommand
    this.args = [];
    // clear state from _processArguments
    this.processedArgs = [];
  }

  /**
   * Throw if expected executable is missing. Add lots of help for author.
   *
   * @param {string} executableFile
   * @param {string} executableDir
   * @param {string} subcommandName
   */
  _checkForMissingExecutable(executableFile, executableDir, subcommandName) {
    if (external_node_fs_.existsSync(executableFile)) return;

    const executableDirMessage = executableDir
      ? `searched for local subcommand relative to directory '${executableDir}'`
      : 'no directory for search for local subcommand, use .executableDir() to supply a custom directory';
    const executableMissing = `'${executableFile}' does not exist
 - if '${subcommandName}' is not meant to be an executable command, remove description parameter from '.command()' and use '.description()' instead
 - if the default executable name is not suitable, use the executableFile option to supply a custom name or path
 - ${executableDirMessage}`;
    throw new Error(executableMissing);
  }

  /**
   * Execute a sub-command executable.
   *
   * @private
   */

  _executeSubCommand(subcommand, args) {
    args = args.slice();
    const sourceExt = ['.js', '.ts', '.tsx', '.mjs', '.cjs'];

    function findFile(baseDir, baseName) {
      // Look for specified file
      const localBin = external_node_path_.resolve(baseDir, baseName);
      if (external_node_fs_.existsSync(localBin)) return localBin;

      // Stop looking if candidate already has an expected extension.
      if (sourceExt.includes(external_node_path_.extname(baseName))) return undefined;

      // Try all the extensions.
      const foundExt = sourceExt.find((ext) =>
        external_node_fs_.existsSync(`${localBin}${ext}`),
      );
      if (foundExt) return `${localBin}${foundExt}`;

      return undefined;
    }

    // Not checking for help first. Unlikely to have mandatory and executable, and can't robustly test for help flags in external command.
    this._checkForMissingMandatoryOptions();
    this._checkForConflictingOptions();

    // executableFile and executableDir might be full path, or just a name
    let executableFile =
      subcommand._executableFile || `${this._name}-${subcommand._name}`;
    let executableDir = this._executableDir || '';
    if (this._scriptPath) {
      let resolvedScriptPath; // resolve possible symlink for installed npm binary
      try {
        resolvedScriptPath = external_node_fs_.realpathSync(this._scriptPath);
      } catch {
        resolvedScriptPath = this._scriptPath;
      }
      executableDir = external_node_path_.resolve(
        external_node_path_.dirname(resolvedScriptPath),
        executableDir,
      );
    }

    // Look for a local file in preference to a command in PATH.
    if (executableDir) {
      let localFile = findFile(executableDir, executableFile);

      // Legacy search using prefix of script name instead of command name
      if (!localFile && !subcommand._executableFile && this._scriptPath) {
        const legacyName = external_node_path_.basename(
          this._scriptPath,
          external_node_path_.extname(this._scriptPath),
        );
        if (legacyName !== this._name) {
          localFile = findFile(
            executableDir,
            `${legacyName}-${subcommand._name}`,
          );
        }
      }
      executableFile = localFile || executableFile;
    }

    const launchWithNode = sourceExt.includes(external_node_path_.extname(executableFile));

    let proc;
    if (external_node_process_namespaceObject.platform !== 'win32') {
      if (launchWithNode) {
        args.unshift(executableFile);
        // add executable arguments to spawn
        args = incrementNodeInspectorPort(external_node_process_namespaceObject.execArgv).concat(args);

        proc = external_node_child_process_namespaceObject.spawn(external_node_process_namespaceObject.argv[0], args, { stdio: 'inherit' });
      } else {
        proc = external_node_child_process_namespaceObject.spawn(executableFile, args, { stdio: 'inherit' });
      }
    } else {
      this._checkForMissingExecutable(
        executableFile,
        executableDir,
        subcommand._name,
      );
      args.unshift(executableFile);
      // add executable arguments to spawn
      args = incrementNodeInspectorPort(external_node_process_namespaceObject.execArgv).concat(args);
      proc = external_node_child_process_namespaceObject.spawn(external_node_process_namespaceObject.execPath, args, { stdio: 'inherit' });
    }

    if (!proc.killed) {
      // testing mainly to avoid leak warnings during unit tests with mocked spawn
      const signals = ['SIGUSR1', 'SIGUSR2', 'SIGTERM', 'SIGINT', 'SIGHUP'];
      signals.forEach((signal) => {
        external_node_process_namespaceObject.on(signal, () => {
          if (proc.killed === false && proc.exitCode === null) {
            // @ts-ignore because signals not typed to known strings
            proc.kill(signal);
          }
        });
      });
    }

    // By default terminate process when spawned process terminates.
    const exitCallback = this._exitCallback;
    proc.on('close', (code) => {
      code = code ?? 1; // code is null if spawned process terminated due to a signal
      if (!exitCallback) {
        external_node_process_namespaceObject.exit(code);
      } else {
        exitCallback(
          new CommanderError(
            code,
            'commander.executeSubCommandAsync',
            '(close)',
          ),
        );
      }
    });
    proc.on('error', (err) => {
      // @ts-ignore: because err.code is an unknown property
      if (err.code === 'ENOENT') {
        this._checkForMissingExecutable(
          executableFile,
          executableDir,
          subcommand._name,
        );
        // @ts-ignore: because err.code is an unknown property
      } else if (err.code === 'EACCES') {
        throw new Error(`'${executableFile}' not executable`);
      }
      if (!exitCallback) {
        external_node_process_namespaceObject.exit(1);
      } else {
        const wrappedError = new CommanderError(
          1,
          'commander.executeSubCommandAsync',
          '(error)',
        );
        wrappedError.nestedError = err;
        exitCallback(wrappedError);
      }
    });

    // Store the reference to the child process
    this.runningCommand = proc;
  }

  /**
   * @private
   */

  _dispatchSubcommand(commandName, operands, unknown) {
    const subCommand = this._findCommand(commandName);
    if (!subCommand) this.help({ error: true });

    subCommand._prepareForParse();
    let promiseChain;
    promiseChain = this._chainOrCallSubCommandHook(
      promiseChain,
      subCommand,
      'preSubcommand',
    );
    promiseChain = this._chainOrCall(promiseChain, () => {
      if (subCommand._executableHandler) {
        this._executeSubCommand(subCommand, operands.concat(unknown));
      } else {
        return subCommand._parseCommand(operands, unknown);
      }
    });
    return promiseChain;
  }

  /**
   * Invoke help directly if possible, or dispatch if necessary.
   * e.g. help foo
   *
   * @private
   */

  _dispatchHelpCommand(subcommandName) {
    if (!subcommandName) {
      this.help();
    }
    const subCommand = this._findCommand(subcommandName);
    if (subCommand && !subCommand._executableHandler) {
      subCommand.help();
    }

    // Fallback to parsing the help flag to invoke the help.
    return this._dispatchSubcommand(
      subcommandName,
      [],
      [this._getHelpOption()?.long ?? this._getHelpOption()?.short ?? '--help'],
    );
  }

  /**
   * Check this.args against expected this.registeredArguments.
   *
   * @private
   */

  _checkNumberOfArguments() {
    // too few
    this.registeredArguments.forEach((arg, i) => {
      if (arg.required && this.args[i] == null) {
        this.missingArgument(arg.name());
      }
    });
    // too many
    if (
      this.registeredArguments.length > 0 &&
      this.registeredArguments[this.registeredArguments.length - 1].variadic
    ) {
      return;
    }
    if (this.args.length > this.registeredArguments.length) {
      this._excessArguments(this.args);
    }
  }

  /**
   * Process this.args using this.registeredArguments and save as this.processedArgs!
   *
   * @private
   */

  _processArguments() {
    const myParseArg = (argument, value, previous) => {
      // Extra processing for nice error message on parsing failure.
      let parsedValue = value;
      if (value !== null && argument.parseArg) {
        const invalidValueMessage = `error: command-argument value '${value}' is invalid for argument '${argument.name()}'.`;
        parsedValue = this._callParseArg(
          argument,
          value,
          previous,
          invalidValueMessage,
        );
      }
      return parsedValue;
    };

    this._checkNumberOfArguments();

    const processedArgs = [];
    this.registeredArguments.forEach((declaredArg, index) => {
      let value = declaredArg.defaultValue;
      if (declaredArg.variadic) {
        // Collect together remaining arguments for passing together as an array.
        if (index < this.args.length) {
          value = this.args.slice(index);
          if (declaredArg.parseArg) {
            value = value.reduce((processed, v) => {
              return myParseArg(declaredArg, v, processed);
            }, declaredArg.defaultValue);
          }
        } else if (value === undefined) {
          value = [];
        }
      } else if (index < this.args.length) {
        value = this.args[index];
        if (declaredArg.parseArg) {
          value = myParseArg(declaredArg, value, declaredArg.defaultValue);
        }
      }
      processedArgs[index] = value;
    });
    this.processedArgs = processedArgs;
  }

  /**
   * Once we have a promise we chain, but call synchronously until then.
   *
   * @param {(Promise|undefined)} promise
   * @param {Function} fn
   * @return {(Promise|undefined)}
   * @private
   */

  _chainOrCall(promise, fn) {
    // thenable
    if (promise?.then && typeof promise.then === 'function') {
      // already have a promise, chain callback
      return promise.then(() => fn());
    }
    // callback might return a promise
    return fn();
  }

  /**
   *
   * @param {(Promise|undefined)} promise
   * @param {string} event
   * @return {(Promise|undefined)}
   * @private
   */

  _chainOrCallHooks(promise, event) {
    let result = promise;
    const hooks = [];
    this._getCommandAndAncestors()
      .reverse()
      .filter((cmd) => cmd._lifeCycleHooks[event] !== undefined)
      .forEach((hookedCommand) => {
        hookedCommand._lifeCycleHooks[event].forEach((callback) => {
          hooks.push({ hookedCommand, callback });
        });
      });
    if (event === 'postAction') {
      hooks.reverse();
    }

    hooks.forEach((hookDetail) => {
      result = this._chainOrCall(result, () => {
        return hookDetail.callback(hookDetail.hookedCommand, this);
      });
    });
    return result;
  }

  /**
   *
   * @param {(Promise|undefined)} promise
   * @param {Command} subCommand
   * @param {string} event
   * @return {(Promise|undefined)}
   * @private
   */

  _chainOrCallSubCommandHook(promise, subCommand, event) {
    let result = promise;
    if (this._lifeCycleHooks[event] !== undefined) {
      this._lifeCycleHooks[event].forEach((hook) => {
        result = this._chainOrCall(result, () => {
          return hook(this, subCommand);
        });
      });
    }
    return result;
  }

  /**
   * Process arguments in context of this command.
   * Returns action result, in case it is a promise.
   *
   * @private
   */

  _parseCommand(operands, unknown) {
    const parsed = this.parseOptions(unknown);
    this._parseOptionsEnv(); // after cli, so parseArg not called on both cli and env
    this._parseOptionsImplied();
    operands = operands.concat(parsed.operands);
    unknown = parsed.unknown;
    this.args = operands.concat(unknown);

    if (operands && this._findCommand(operands[0])) {
      return this._dispatchSubcommand(operands[0], operands.slice(1), unknown);
    }
    if (
      this._getHelpCommand() &&
      operands[0] === this._getHelpCommand().name()
    ) {
      return this._dispatchHelpCommand(operands[1]);
    }
    if (this._defaultCommandName) {
      this._outputHelpIfRequested(unknown); // Run the help for default command from parent rather than passing to default command
      return this._dispatchSubcommand(
        this._defaultCommandName,
        operands,
        unknown,
      );
    }
    if (
      this.commands.length &&
      this.args.length === 0 &&
      !this._actionHandler &&
      !this._defaultCommandName
    ) {
      // probably missing subcommand and no handler, user needs help (and exit)
      this.help({ error: true });
    }

    this._outputHelpIfRequested(parsed.unknown);
    this._checkForMissingMandatoryOptions();
    this._checkForConflictingOptions();

    // We do not always call this check to avoid masking a "better" error, like unknown command.
    const checkForUnknownOptions = () => {
      if (parsed.unknown.length > 0) {
        this.unknownOption(parsed.unknown[0]);
      }
    };

    const commandEvent = `command:${this.name()}`;
    if (this._actionHandler) {
      checkForUnknownOptions();
      this._processArguments();

      let promiseChain;
      promiseChain = this._chainOrCallHooks(promiseChain, 'preAction');
      promiseChain = this._chainOrCall(promiseChain, () =>
        this._actionHandler(this.processedArgs),
      );
      if (this.parent) {
        promiseChain = this._chainOrCall(promiseChain, () => {
          this.parent.emit(commandEvent, operands, unknown); // legacy
        });
      }
      promiseChain = this._chainOrCallHooks(promiseChain, 'postAction');
      return promiseChain;
    }
    if (this.parent?.listenerCount(commandEvent)) {
      checkForUnknownOptions();
      this._processArguments();
      this.parent.emit(commandEvent, operands, unknown); // legacy
    } else if (operands.length) {
      if (this._findCommand('*')) {
        // legacy default command
        return this._dispatchSubcommand('*', operands, unknown);
      }
      if (this.listenerCount('command:*')) {
        // skip option check, emit event for possible misspelling suggestion
        this.emit('command:*', operands, unknown);
      } else if (this.commands.length) {
        this.unknownCommand();
      } else {
        checkForUnknownOptions();
        this._processArguments();
      }
    } else if (this.commands.length) {
      checkForUnknownOptions();
      // This command has subcommands and nothing hooked up at this level, so display help (and exit).
      this.help({ error: true });
    } else {
      checkForUnknownOptions();
      this._processArguments();
      // fall through for caller to handle after calling .parse()
    }
  }

  /**
   * Find matching command.
   *
   * @private
   * @return {Command | undefined}
   */
  _findCommand(name) {
    if (!name) return undefined;
    return this.commands.find(
      (cmd) => cmd._name === name || cmd._aliases.includes(name),
    );
  }

  /**
   * Return an option matching `arg` if any.
   *
   * @param {string} arg
   * @return {Option}
   * @package
   */

  _findOption(arg) {
    return this.options.find((option) => option.is(arg));
  }

  /**
   * Display an error message if a mandatory option does not have a value.
   * Called after checking for help flags in leaf subcommand.
   *
   * @private
   */

  _checkForMissingMandatoryOptions() {
    // Walk up hierarchy so can call in subcommand after checking for displaying help.
    this._getCommandAndAncestors().forEach((cmd) => {
      cmd.options.forEach((anOption) => {
        if (
          anOption.mandatory &&
          cmd.getOptionValue(anOption.attributeName()) === undefined
        ) {
          cmd.missingMandatoryOptionValue(anOption);
        }
      });
    });
  }

  /**
   * Display an error message if conflicting options are used together in this.
   *
   * @private
   */
  _checkForConflictingLocalOptions() {
    const definedNonDefaultOptions = this.options.filter((option) => {
      const optionKey = option.attributeName();
      if (this.getOptionValue(optionKey) === undefined) {
        return false;
      }
      return this.getOptionValueSource(optionKey) !== 'default';
    });

    const optionsWithConflicting = definedNonDefaultOptions.filter(
      (option) => option.conflictsWith.length > 0,
    );

    optionsWithConflicting.forEach((option) => {
      const conflictingAndDefined = definedNonDefaultOptions.find((defined) =>
        option.conflictsWith.includes(defined.attributeName()),
      );
      if (conflictingAndDefined) {
        this._conflictingOption(option, conflictingAndDefined);
      }
    });
  }

  /**
   * Display an error message if conflicting options are used together.
   * Called after checking for help flags in leaf subcommand.
   *
   * @private
   */
  _checkForConflictingOptions() {
    // Walk up hierarchy so can call in subcommand after checking for displaying help.
    this._getCommandAndAncestors().forEach((cmd) => {
      cmd._checkForConflictingLocalOptions();
    });
  }

  /**
   * Parse options from `argv` removing known options,
   * and return argv split into operands and unknown arguments.
   *
   * Side effects: modifies command by storing options. Does not reset state if called again.
   *
   * Examples:
   *
   *     argv => operands, unknown
   *     --known kkk op => [op], []
   *     op --known kkk => [op], []
   *     sub --unknown uuu op => [sub], [--unknown uuu op]
   *     sub -- --unknown uuu op => [sub --unknown uuu op], []
   *
   * @param {string[]} args
   * @return {{operands: string[], unknown: string[]}}
   */

  parseOptions(args) {
    const operands = []; // operands, not options or values
    const unknown = []; // first unknown option and remaining unknown args
    let dest = operands;

    function maybeOption(arg) {
      return arg.length > 1 && arg[0] === '-';
    }

    const negativeNumberArg = (arg) => {
      // return false if not a negative number
      if (!/^-(\d+|\d*\.\d+)([eE][+-]?\d+)?$/.test(arg)) return false;
      // negative number is ok unless digit used as an option in command hierarchy
      return !this._getCommandAndAncestors().some((cmd) =>
        cmd.options
          .map((opt) => opt.short)
          .some((short) => /^-\d$/.test(short)),
      );
    };

    // parse options
    let activeVariadicOption = null;
    let activeGroup = null; // working through group of short options, like -abc
    let i = 0;
    while (i < args.length || activeGroup) {
      const arg = activeGroup ?? args[i++];
      activeGroup = null;

      // literal
      if (arg === '--') {
        if (dest === unknown) dest.push(arg);
        dest.push(...args.slice(i));
        break;
      }

      if (
        activeVariadicOption &&
        (!maybeOption(arg) || negativeNumberArg(arg))
      ) {
        this.emit(`option:${activeVariadicOption.name()}`, arg);
        continue;
      }
      activeVariadicOption = null;

      if (maybeOption(arg)) {
        const option = this._findOption(arg);
        // recognised option, call listener to assign value with possible custom processing
        if (option) {
          if (option.required) {
            const value = args[i++];
            if (value === undefined) this.optionMissingArgument(option);
            this.emit(`option:${option.name()}`, value);
          } else if (option.optional) {
            let value = null;
            // historical behaviour is optional value is following arg unless an option
            if (
              i < args.length &&
              (!maybeOption(args[i]) || negativeNumberArg(args[i]))
            ) {
              value = args[i++];
            }
            this.emit(`option:${option.name()}`, value);
          } else {
            // boolean flag
            this.emit(`option:${option.name()}`);
          }
          activeVariadicOption = option.variadic ? option : null;
          continue;
        }
      }

      // Look for combo options following single dash, eat first one if known.
      if (arg.length > 2 && arg[0] === '-' && arg[1] !== '-') {
        const option = this._findOption(`-${arg[1]}`);
        if (option) {
          if (
            option.required ||
            (option.optional && this._combineFlagAndOptionalValue)
          ) {
            // option with value following in same argument
            this.emit(`option:${option.name()}`, arg.slice(2));
          } else {
            // boolean option
            this.emit(`option:${option.name()}`);
            // remove the processed option and keep processing group
            activeGroup = `-${arg.slice(2)}`;
          }
          continue;
        }
      }

      // Look for known long flag with value, like --foo=bar
      if (/^--[^=]+=/.test(arg)) {
        const index = arg.indexOf('=');
        const option = this._findOption(arg.slice(0, index));
        if (option && (option.required || option.optional)) {
          this.emit(`option:${option.name()}`, arg.slice(index + 1));
          continue;
        }
      }

      // Not a recognised option by this command.
      // Might be a command-argument, or subcommand option, or unknown option, or help command or option.

      // An unknown option means further arguments also classified as unknown so can be reprocessed by subcommands.
      // A negative number in a leaf command is not an unknown option.
      if (
        dest === operands &&
        maybeOption(arg) &&
        !(this.commands.length === 0 && negativeNumberArg(arg))
      ) {
        dest = unknown;
      }

      // If using positionalOptions, stop processing our options at subcommand.
      if (
        (this._enablePositionalOptions || this._passThroughOptions) &&
        operands.length === 0 &&
        unknown.length === 0
      ) {
        if (this._findCommand(arg)) {
          operands.push(arg);
          unknown.push(...args.slice(i));
          break;
        } else if (
          this._getHelpCommand() &&
          arg === this._getHelpCommand().name()
        ) {
          operands.push(arg, ...args.slice(i));
          break;
        } else if (this._defaultCommandName) {
          unknown.push(arg, ...args.slice(i));
          break;
        }
      }

      // If using passThroughOptions, stop processing options at first command-argument.
      if (this._passThroughOptions) {
        dest.push(arg, ...args.slice(i));
        break;
      }

      // add arg
      dest.push(arg);
    }

    return { operands, unknown };
  }

  /**
   * Return an object containing local option values as key-value pairs.
   *
   * @return {object}
   */
  opts() {
    if (this._storeOptionsAsProperties) {
      // Preserve original behaviour so backwards compatible when still using properties
      const result = {};
      const len = this.options.length;

      for (let i = 0; i < len; i++) {
        const key = this.options[i].attributeName();
        result[key] =
          key === this._versionOptionName ? this._version : this[key];
      }
      return result;
    }

    return this._optionValues;
  }

  /**
   * Return an object containing merged local and global option values as key-value pairs.
   *
   * @return {object}
   */
  optsWithGlobals() {
    // globals overwrite locals
    return this._getCommandAndAncestors().reduce(
      (combinedOptions, cmd) => Object.assign(combinedOptions, cmd.opts()),
      {},
    );
  }

  /**
   * Display error message and exit (or call exitOverride).
   *
   * @param {string} message
   * @param {object} [errorOptions]
   * @param {string} [errorOptions.code] - an id string representing the error
   * @param {number} [errorOptions.exitCode] - used with process.exit
   */
  error(message, errorOptions) {
    // output handling
    this._outputConfiguration.outputError(
      `${message}\n`,
      this._outputConfiguration.writeErr,
    );
    if (typeof this._showHelpAfterError === 'string') {
      this._outputConfiguration.writeErr(`${this._showHelpAfterError}\n`);
    } else if (this._showHelpAfterError) {
      this._outputConfiguration.writeErr('\n');
      this.outputHelp({ error: true });
    }

    // exit handling
    const config = errorOptions || {};
    const exitCode = config.exitCode || 1;
    const code = config.code || 'commander.error';
    this._exit(exitCode, code, message);
  }

  /**
   * Apply any option related environment variables, if option does
   * not have a value from cli or client code.
   *
   * @private
   */
  _parseOptionsEnv() {
    this.options.forEach((option) => {
      if (option.envVar && option.envVar in external_node_process_namespaceObject.env) {
        const optionKey = option.attributeName();
        // Priority check. Do not overwrite cli or options from unknown source (client-code).
        if (
          this.getOptionValue(optionKey) === undefined ||
          ['default', 'config', 'env'].includes(
            this.getOptionValueSource(optionKey),
          )
        ) {
          if (option.required || option.optional) {
            // option can take a value
            // keep very simple, optional always takes value
            this.emit(`optionEnv:${option.name()}`, external_node_process_namespaceObject.env[option.envVar]);
          } else {
            // boolean
            // keep very simple, only care that envVar defined and not the value
            this.emit(`optionEnv:${option.name()}`);
          }
        }
      }
    });
  }

  /**
   * Apply any implied option values, if option is undefined or default value.
   *
   * @private
   */
  _parseOptionsImplied() {
    const dualHelper = new DualOptions(this.options);
    const hasCustomOptionValue = (optionKey) => {
      return (
        this.getOptionValue(optionKey) !== undefined &&
        !['default', 'implied'].includes(this.getOptionValueSource(optionKey))
      );
    };
    this.options
      .filter(
        (option) =>
          option.implied !== undefined &&
          hasCustomOptionValue(option.attributeName()) &&
          dualHelper.valueFromOption(
            this.getOptionValue(option.attributeName()),
            option,
          ),
      )
      .forEach((option) => {
        Object.keys(option.implied)
          .filter((impliedKey) => !hasCustomOptionValue(impliedKey))
          .forEach((impliedKey) => {
            this.setOptionValueWithSource(
              impliedKey,
              option.implied[impliedKey],
              'implied',
            );
          });
      });
  }

  /**
   * Argument `name` is missing.
   *
   * @param {string} name
   * @private
   */

  missingArgument(name) {
    const message = `error: missing required argument '${name}'`;
    this.error(message, { code: 'commander.missingArgument' });
  }

  /**
   * `Option` is missing an argument.
   *
   * @param {Option} option
   * @private
   */

  optionMissingArgument(option) {
    const message = `error: option '${option.flags}' argument missing`;
    this.error(message, { code: 'commander.optionMissingArgument' });
  }

  /**
   * `Option` does not have a value, and is a mandatory option.
   *
   * @param {Option} option
   * @private
   */

  missingMandatoryOptionValue(option) {
    const message = `error: required option '${option.flags}' not specified`;
    this.error(message, { code: 'commander.missingMandatoryOptionValue' });
  }

  /**
   * `Option` conflicts with another option.
   *
   * @param {Option} option
   * @param {Option} conflictingOption
   * @private
   */
  _conflictingOption(option, conflictingOption) {
    // The calling code does not know whether a negated option is the source of the
    // value, so do some work to take an educated guess.
    const findBestOptionFromValue = (option) => {
      const optionKey = option.attributeName();
      const optionValue = this.getOptionValue(optionKey);
      const negativeOption = this.options.find(
        (target) => target.negate && optionKey === target.attributeName(),
      );
      const positiveOption = this.options.find(
        (target) => !target.negate && optionKey === target.attributeName(),
      );
      if (
        negativeOption &&
        ((negativeOption.presetArg === undefined && optionValue === false) ||
          (negativeOption.presetArg !== undefined &&
            optionValue === negativeOption.presetArg))
      ) {
        return negativeOption;
      }
      return positiveOption || option;
    };

    const getErrorMessage = (option) => {
      const bestOption = findBestOptionFromValue(option);
      const optionKey = bestOption.attributeName();
      const source = this.getOptionValueSource(optionKey);
      if (source === 'env') {
        return `environment variable '${bestOption.envVar}'`;
      }
      return `option '${bestOption.flags}'`;
    };

    const message = `error: ${getErrorMessage(option)} cannot be used with ${getErrorMessage(conflictingOption)}`;
    this.error(message, { code: 'commander.conflictingOption' });
  }

  /**
   * Unknown option `flag`.
   *
   * @param {string} flag
   * @private
   */

  unknownOption(flag) {
    if (this._allowUnknownOption) return;
    let suggestion = '';

    if (flag.startsWith('--') && this._showSuggestionAfterError) {
      // Looping to pick up the global options too
      let candidateFlags = [];
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      let command = this;
      do {
        const moreFlags = command
          .createHelp()
          .visibleOptions(command)
          .filter((option) => option.long)
          .map((option) => option.long);
        candidateFlags = candidateFlags.concat(moreFlags);
        command = command.parent;
      } while (command && !command._enablePositionalOptions);
      suggestion = suggestSimilar(flag, candidateFlags);
    }

    const message = `error: unknown option '${flag}'${suggestion}`;
    this.error(message, { code: 'commander.unknownOption' });
  }

  /**
   * Excess arguments, more than expected.
   *
   * @param {string[]} receivedArgs
   * @private
   */

  _excessArguments(receivedArgs) {
    if (this._allowExcessArguments) return;

    const expected = this.registeredArguments.length;
    const s = expected === 1 ? '' : 's';
    const received = receivedArgs.length;
    const forSubcommand = this.parent ? ` for '${this.name()}'` : '';
    const details = receivedArgs.join(', ');
    const message = `error: too many arguments${forSubcommand}. Expected ${expected} argument${s} but got ${received}: ${details}.`;
    this.error(message, { code: 'commander.excessArguments' });
  }

  /**
   * Unknown command.
   *
   * @private
   */

  unknownCommand() {
    const unknownName = this.args[0];
    let suggestion = '';

    if (this._showSuggestionAfterError) {
      const candidateNames = [];
      this.createHelp()
        .visibleCommands(this)
        .forEach((command) => {
          candidateNames.push(command.name());
          // just visible alias
          if (command.alias()) candidateNames.push(command.alias());
        });
      suggestion = suggestSimilar(unknownName, candidateNames);
    }

    const message = `error: unknown command '${unknownName}'${suggestion}`;
    this.error(message, { code: 'commander.unknownCommand' });
  }

  /**
   * Get or set the program version.
   *
   * This method auto-registers the "-V, --version" option which will print the version number.
   *
   * You can optionally supply the flags and description to override the defaults.
   *
   * @param {string} [str]
   * @param {string} [flags]
   * @param {string} [description]
   * @return {(this | string | undefined)} `this` command for chaining, or version string if no arguments
   */

  version(str, flags, description) {
    if (str === undefined) return this._version;
    this._version = str;
    flags = flags || '-V, --version';
    description = description || 'output the version number';
    const versionOption = this.createOption(flags, description);
    this._versionOptionName = versionOption.attributeName();
    this._registerOption(versionOption);

    this.on('option:' + versionOption.name(), () => {
      this._outputConfiguration.writeOut(`${str}\n`);
      this._exit(0, 'commander.version', str);
    });
    return this;
  }

  /**
   * Set the description.
   *
   * @param {string} [str]
   * @param {object} [argsDescription]
   * @return {(string|Command)}
   */
  description(str, argsDescription) {
    if (str === undefined && argsDescription === undefined)
      return this._description;
    this._description = str;
    if (argsDescription) {
      this._argsDescription = argsDescription;
    }
    return this;
  }

  /**
   * Set the summary. Used when listed as subcommand of parent.
   *
   * @param {string} [str]
   * @return {(string|Command)}
   */
  summary(str) {
    if (str === undefined) return this._summary;
    this._summary = str;
    return this;
  }

  /**
   * Set an alias for the command.
   *
   * You may call more than once to add multiple aliases. Only the first alias is shown in the auto-generated help.
   *
   * @param {string} [alias]
   * @return {(string|Command)}
   */

  alias(alias) {
    if (alias === undefined) return this._aliases[0]; // just return first, for backwards compatibility

    /** @type {Command} */
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let command = this;
    if (
      this.commands.length !== 0 &&
      this.commands[this.commands.length - 1]._executableHandler
    ) {
      // assume adding alias for last added executable subcommand, rather than this
      command = this.commands[this.commands.length - 1];
    }

    if (alias === command._name)
      throw new Error("Command alias can't be the same as its name");
    const matchingCommand = this.parent?._findCommand(alias);
    if (matchingCommand) {
      // c.f. _registerCommand
      const existingCmd = [matchingCommand.name()]
        .concat(matchingCommand.aliases())
        .join('|');
      throw new Error(
        `cannot add alias '${alias}' to command '${this.name()}' as already have command '${existingCmd}'`,
      );
    }

    command._aliases.push(alias);
    return this;
  }

  /**
   * Set aliases for the command.
   *
   * Only the first alias is shown in the auto-generated help.
   *
   * @param {string[]} [aliases]
   * @return {(string[]|Command)}
   */

  aliases(aliases) {
    // Getter for the array of aliases is the main reason for having aliases() in addition to alias().
    if (aliases === undefined) return this._aliases;

    aliases.forEach((alias) => this.alias(alias));
    return this;
  }

  /**
   * Set / get the command usage `str`.
   *
   * @param {string} [str]
   * @return {(string|Command)}
   */

  usage(str) {
    if (str === undefined) {
      if (this._usage) return this._usage;

      const args = this.registeredArguments.map((arg) => {
        return humanReadableArgName(arg);
      });
      return []
        .concat(
          this.options.length || this._helpOption !== null ? '[options]' : [],
          this.commands.length ? '[command]' : [],
          this.registeredArguments.length ? args : [],
        )
        .join(' ');
    }

    this._usage = str;
    return this;
  }

  /**
   * Get or set the name of the command.
   *
   * @param {string} [str]
   * @return {(string|Command)}
   */

  name(str) {
    if (str === undefined) return this._name;
    this._name = str;
    return this;
  }

  /**
   * Set/get the help group heading for this subcommand in parent command's help.
   *
   * @param {string} [heading]
   * @return {Command | string}
   */

  helpGroup(heading) {
    if (heading === undefined) return this._helpGroupHeading ?? '';
    this._helpGroupHeading = heading;
    return this;
  }

  /**
   * Set/get the default help group heading for subcommands added to this command.
   * (This does not override a group set directly on the subcommand using .helpGroup().)
   *
   * @example
   * program.commandsGroup('Development Commands:');
   * program.command('watch')...
   * program.command('lint')...
   * ...
   *
   * @param {string} [heading]
   * @returns {Command | string}
   */
  commandsGroup(heading) {
    if (heading === undefined) return this._defaultCommandGroup ?? '';
    this._defaultCommandGroup = heading;
    return this;
  }

  /**
   * Set/get the default help group heading for options added to this command.
   * (This does not override a group set directly on the option using .helpGroup().)
   *
   * @example
   * program
   *   .optionsGroup('Development Options:')
   *   .option('-d, --debug', 'output extra debugging')
   *   .option('-p, --profile', 'output profiling information')
   *
   * @param {string} [heading]
   * @returns {Command | string}
   */
  optionsGroup(heading) {
    if (heading === undefined) return this._defaultOptionGroup ?? '';
    this._defaultOptionGroup = heading;
    return this;
  }

  /**
   * @param {Option} option
   * @private
   */
  _initOptionGroup(option) {
    if (this._defaultOptionGroup && !option.helpGroupHeading)
      option.helpGroup(this._defaultOptionGroup);
  }

  /**
   * @param {Command} cmd
   * @private
   */
  _initCommandGroup(cmd) {
    if (this._defaultCommandGroup && !cmd.helpGroup())
      cmd.helpGroup(this._defaultCommandGroup);
  }

  /**
   * Set the name of the command from script filename, such as process.argv[1],
   * or import.meta.filename.
   *
   * (Used internally and public although not documented in README.)
   *
   * @example
   * program.nameFromFilename(import.meta.filename);
   *
   * @param {string} filename
   * @return {Command}
   */

  nameFromFilename(filename) {
    this._name = external_node_path_.basename(filename, external_node_path_.extname(filename));

    return this;
  }

  /**
   * Get or set the directory for searching for executable subcommands of this command.
   *
   * @example
   * program.executableDir(import.meta.dirname);
   * // or
   * program.executableDir('subcommands');
   *
   * @param {string} [path]
   * @return {(string|null|Command)}
   */

  executableDir(path) {
    if (path === undefined) return this._executableDir;
    this._executableDir = path;
    return this;
  }

  /**
   * Return program help documentation.
   *
   * @param {{ error: boolean }} [contextOptions] - pass {error:true} to wrap for stderr instead of stdout
   * @return {string}
   */

  helpInformation(contextOptions) {
    const helper = this.createHelp();
    const context = this._getOutputContext(contextOptions);
    helper.prepareContext({
      error: context.error,
      helpWidth: context.helpWidth,
      outputHasColors: context.hasColors,
    });
    const text = helper.formatHelp(this, helper);
    if (context.hasColors) return text;
    return this._outputConfiguration.stripColor(text);
  }

  /**
   * @typedef HelpContext
   * @type {object}
   * @property {boolean} error
   * @property {number} helpWidth
   * @property {boolean} hasColors
   * @property {function} write - includes stripColor if needed
   *
   * @returns {HelpContext}
   * @private
   */

  _getOutputContext(contextOptions) {
    contextOptions = contextOptions || {};
    const error = !!contextOptions.error;
    let baseWrite;
    let hasColors;
    let helpWidth;
    if (error) {
      baseWrite = (str) => this._outputConfiguration.writeErr(str);
      hasColors = this._outputConfiguration.getErrHasColors();
      helpWidth = this._outputConfiguration.getErrHelpWidth();
    } else {
      baseWrite = (str) => this._outputConfiguration.writeOut(str);
      hasColors = this._outputConfiguration.getOutHasColors();
      helpWidth = this._outputConfiguration.getOutHelpWidth();
    }
    const write = (str) => {
      if (!hasColors) str = this._outputConfiguration.stripColor(str);
      return baseWrite(str);
    };
    return { error, write, hasColors, helpWidth };
  }

  /**
   * Output help information for this command.
   *
   * Outputs built-in help, and custom text added using `.addHelpText()`.
   *
   * @param {{ error: boolean } | Function} [contextOptions] - pass {error:true} to write to stderr instead of stdout
   */

  outputHelp(contextOptions) {
    let deprecatedCallback;
    if (typeof contextOptions === 'function') {
      deprecatedCallback = contextOptions;
      contextOptions = undefined;
    }

    const outputContext = this._getOutputContext(contextOptions);
    /** @type {HelpTextEventContext} */
    const eventContext = {
      error: outputContext.error,
      write: outputContext.write,
      command: this,
    };

    this._getCommandAndAncestors()
      .reverse()
      .forEach((command) => command.emit('beforeAllHelp', eventContext));
    this.emit('beforeHelp', eventContext);

    let helpInformation = this.helpInformation({ error: outputContext.error });
    if (deprecatedCallback) {
      helpInformation = deprecatedCallback(helpInformation);
      if (
        typeof helpInformation !== 'string' &&
        !Buffer.isBuffer(helpInformation)
      ) {
        throw new Error('outputHelp callback must return a string or a Buffer');
      }
    }
    outputContext.write(helpInformation);

    if (this._getHelpOption()?.long) {
      this.emit(this._getHelpOption().long); // deprecated
    }
    this.emit('afterHelp', eventContext);
    this._getCommandAndAncestors().forEach((command) =>
      command.emit('afterAllHelp', eventContext),
    );
  }

  /**
   * You can pass in flags and a description to customise the built-in help option.
   * Pass in false to disable the built-in help option.
   *
   * @example
   * program.helpOption('-?, --help', 'show help'); // customise
   * program.helpOption(false); // disable
   *
   * @param {(string | boolean)} flags
   * @param {string} [description]
   * @return {Command} `this` command for chaining
   */

  helpOption(flags, description) {
    // Support enabling/disabling built-in help option.
    if (typeof flags === 'boolean') {
      if (flags) {
        if (this._helpOption === null) this._helpOption = undefined; // reenable
        if (this._defaultOptionGroup) {
          // make the option to store the group
          this._initOptionGroup(this._getHelpOption());
        }
      } else {
        this._helpOption = null; // disable
      }
      return this;
    }

    // Customise flags and description.
    this._helpOption = this.createOption(
      flags ?? '-h, --help',
      description ?? 'display help for command',
    );
    // init group unless lazy create
    if (flags || description) this._initOptionGroup(this._helpOption);

    return this;
  }

  /**
   * Lazy create help option.
   * Returns null if has been disabled with .helpOption(false).
   *
   * @returns {(Option | null)} the help option
   * @package
   */
  _getHelpOption() {
    // Lazy create help option on demand.
    if (this._helpOption === undefined) {
      this.helpOption(undefined, undefined);
    }
    return this._helpOption;
  }

  /**
   * Supply your own option to use for the built-in help option.
   * This is an alternative to using helpOption() to customise the flags and description etc.
   *
   * @param {Option} option
   * @return {Command} `this` command for chaining
   */
  addHelpOption(option) {
    this._helpOption = option;
    this._initOptionGroup(option);
    return this;
  }

  /**
   * Output help information and exit.
   *
   * Outputs built-in help, and custom text added using `.addHelpText()`.
   *
   * @param {{ error: boolean }} [contextOptions] - pass {error:true} to write to stderr instead of stdout
   */

  help(contextOptions) {
    this.outputHelp(contextOptions);
    let exitCode = Number(external_node_process_namespaceObject.exitCode ?? 0); // process.exitCode does allow a string or an integer, but we prefer just a number
    if (
      exitCode === 0 &&
      contextOptions &&
      typeof contextOptions !== 'function' &&
      contextOptions.error
    ) {
      exitCode = 1;
    }
    // message: do not have all displayed text available so only passing placeholder.
    this._exit(exitCode, 'commander.help', '(outputHelp)');
  }

  /**
   * // Do a little typing to coordinate emit and listener for the help text events.
   * @typedef HelpTextEventContext
   * @type {object}
   * @property {boolean} error
   * @property {Command} command
   * @property {function} write
   */

  /**
   * Add additional text to be displayed with the built-in help.
   *
   * Position is 'before' or 'after' to affect just this command,
   * and 'beforeAll' or 'afterAll' to affect this command and all its subcommands.
   *
   * @param {string} position - before or after built-in help
   * @param {(string | Function)} text - string to add, or a function returning a string
   * @return {Command} `this` command for chaining
   */

  addHelpText(position, text) {
    const allowedValues = ['beforeAll', 'before', 'after', 'afterAll'];
    if (!allowedValues.includes(position)) {
      throw new Error(`Unexpected value for position to addHelpText.
Expecting one of '${allowedValues.join("', '")}'`);
    }

    const helpEvent = `${position}Help`;
    this.on(helpEvent, (/** @type {HelpTextEventContext} */ context) => {
      let helpStr;
      if (typeof text === 'function') {
        helpStr = text({ error: context.error, command: context.command });
      } else {
        helpStr = text;
      }
      // Ignore falsy value when nothing to output.
      if (helpStr) {
        context.write(`${helpStr}\n`);
      }
    });
    return this;
  }

  /**
   * Output help information if help flags specified
   *
   * @param {Array} args - array of options to search for help flags
   * @private
   */

  _outputHelpIfRequested(args) {
    const helpOption = this._getHelpOption();
    const helpRequested = helpOption && args.find((arg) => helpOption.is(arg));
    if (helpRequested) {
      this.outputHelp();
      // (Do not have all displayed text available so only passing placeholder.)
      this._exit(0, 'commander.helpDisplayed', '(outputHelp)');
    }
  }
}

/**
 * Scan arguments and increment port number for inspect calls (to avoid conflicts when spawning new command).
 *
 * @param {string[]} args - array of arguments from node.execArgv
 * @returns {string[]}
 * @private
 */

function incrementNodeInspectorPort(args) {
  // Testing for these options:
  //  --inspect[=[host:]port]
  //  --inspect-brk[=[host:]port]
  //  --inspect-wait[=[host:]port]
  //  --inspect-port=[host:]port
  //
  // Host can be an IP literal encapsulated within square brackets (e.g. [::1]),
  // an IPv4 address in dotted-decimal form (e.g. 192.168.0.1), or a registered name.
  // https://www.rfc-editor.org/rfc/rfc3986.html#section-3.2.2
  return args.map((arg) => {
    if (!arg.startsWith('--inspect')) {
      return arg;
    }
    let debugOption;
    let debugHost = '127.0.0.1';
    let debugPort = '9229';
    let match;
    if ((match = arg.match(/^(--inspect(-brk|-wait)?)$/)) !== null) {
      // e.g. --inspect
      debugOption = match[1];
    } else if (
      (match = arg.match(
        /^(--inspect(-brk|-port|-wait)?)=(\[[^\]]+\]|[^:]+)$/,
      )) !== null
    ) {
      // Matches a host or a port, but not both. No colon to separate them.
      debugOption = match[1];
      if (/^\d+$/.test(match[3])) {
        // Plain digits so a port number.
        // e.g. --inspect=1234
        debugPort = match[3];
      } else {
        // Assume a host.
        // e.g. --inspect=localhost, --inspect=[::1], --inspect=192.168.0.1
        debugHost = match[3];
      }
    } else if (
      (match = arg.match(
        /^(--inspect(-brk|-port|-wait)?)=(\[[^\]]+\]|[^:]+):(\d+)$/,
      )) !== null
    ) {
      // Matched host:port pattern.
      // e.g. --inspect=localhost:1234, --inspect=[::1]:1234, --inspect=192.168.0.1:1234
      debugOption = match[1];
      debugHost = match[3];
      debugPort = match[4];
    }

    if (debugOption && debugPort !== '0') {
      return `${debugOption}=${debugHost}:${parseInt(debugPort) + 1}`;
    }
    return arg;
  });
}

/**
 * Exported for using from tests, not otherwise used outside this file.
 *
 * @returns {boolean | undefined}
 * @package
 */
function useColor() {
  // Test for common conventions.
  // NB: the observed behaviour is in combination with how author adds color! For example:
  //   - we do not test NODE_DISABLE_COLORS, but util:styletext does
  //   - we do test NO_COLOR, but Chalk does not
  //
  // References:
  // https://no-color.org
  // https://bixense.com/clicolors/
  // https://github.com/nodejs/node/blob/0a00217a5f67ef4a22384cfc80eb6dd9a917fdc1/lib/internal/tty.js#L109
  // https://github.com/chalk/supports-color/blob/c214314a14bcb174b12b3014b2b0a8de375029ae/index.js#L33
  // (https://force-color.org recent web page from 2023, does not match major javascript implementations)

  if (
    external_node_process_namespaceObject.env.NO_COLOR ||
    external_node_process_namespaceObject.env.FORCE_COLOR === '0' ||
    external_node_process_namespaceObject.env.FORCE_COLOR === 'false'
  )
    return false;
  if (external_node_process_namespaceObject.env.FORCE_COLOR || external_node_process_namespaceObject.env.CLICOLOR_FORCE !== undefined)
    return true;
  return undefined;
}

;// CONCATENATED MODULE: ./node_modules/commander/index.js






const program = new command_Command();

const createCommand = (name) => new Command(name);
const createOption = (flags, description) =>
  new Option(flags, description);
const createArgument = (name, description) =>
  new Argument(name, description);

/**
 * Expose classes
 */





;// CONCATENATED MODULE: ./lib/core/limits.js
// The bounds both front ends hold a value to: the action's inputs and the
// CLI's flags read them from here.
/** Inclusive [min, max] of the whole numbers the front ends accept. */
const LIMITS = {
    /** parallel jobs of pg_dump (directory) and pg_restore */
    jobs: [1, 64],
    /** seconds to wait for the server to accept connections */
    waitSeconds: [0, 3600],
    /** a client's major version */
    pgVersion: [9, 99]
};

;// CONCATENATED MODULE: ./lib/core/errors.js
// Every error the core throws on purpose, in one place. Each names what
// failed and carries the tool's own message, so front ends can print
// `<name>: <message>` as is.
/** Base class of every error the core throws on purpose. */
class DumperError extends Error {
    tool;
    exitCode;
    stderr;
    constructor(message, failure) {
        super(message);
        this.name = 'DumperError';
        this.tool = failure?.tool;
        this.exitCode = failure?.exitCode;
        this.stderr = failure?.stderr;
    }
}
/** pg_dump (or the connection check before it) ran and failed. */
class PgDumpFailed extends DumperError {
    name = 'PgDumpFailed';
}
/** pg_restore or psql ran and failed to restore. */
class PgRestoreFailed extends DumperError {
    name = 'PgRestoreFailed';
}
/** pg_dump could not be run: executable missing or arguments invalid. */
class PgDumpCommandError extends DumperError {
    name = 'PgDumpCommandError';
}
/** pg_restore or psql could not be run: executable missing or invalid arguments. */
class PgRestoreCommandError extends DumperError {
    name = 'PgRestoreCommandError';
}
/** No installed client is new enough, and none could be installed. */
class PgClientVersionMismatch extends DumperError {
    name = 'PgClientVersionMismatch';
}
/**
 * An age-encrypted dump that cannot be decrypted: no key was given, the key
 * is not one of its recipients', or the file is corrupt or cut short.
 */
class DecryptionFailed extends DumperError {
    name = 'DecryptionFailed';
}
/**
 * The scrub script failed in the throwaway copy: nothing was dumped. Carries
 * psql's own message and, when psql named one, the script's line.
 */
class ScrubFailed extends DumperError {
    name = 'ScrubFailed';
    /** the script's line psql stopped at, if it said */
    line;
    constructor(message, failure, line) {
        super(message, failure);
        this.line = line;
    }
}
/**
 * The throwaway copy a scrub runs in could not be made (CREATE DATABASE …
 * TEMPLATE): other sessions use the source (`busy`), the role may not
 * create databases (`permission`), or the server refused for another reason.
 */
class ScrubCopyFailed extends DumperError {
    name = 'ScrubCopyFailed';
    problem;
    constructor(message, failure, problem) {
        super(message, failure);
        this.problem = problem;
    }
}
/**
 * A restore drill (verify: restore) failed: the dump did not restore into
 * the scratch database, or a table's rows there differ from those counted
 * in the dump's snapshot. Nothing took the target's name.
 */
class VerificationFailed extends DumperError {
    name = 'VerificationFailed';
    /** the tables that differ, `schema.table` */
    tables;
    constructor(message, tables, failure) {
        super(message, failure);
        this.tables = tables;
    }
}
/** The run was cancelled (SIGINT or SIGTERM to the action or CLI). */
class OperationCancelled extends DumperError {
    name = 'OperationCancelled';
}
/**
 * Thrown inside the core by parts that serve both operations (the session,
 * option checks, the read-back): a tool ran and failed (`failed`), or could
 * not be run or refused its arguments (`command`). The operation turns it
 * into its public error once, in {@link operationError}.
 */
class ToolError extends DumperError {
    kind;
    constructor(kind, message, failure) {
        super(message, failure);
        this.name = 'ToolError';
        this.kind = kind;
    }
}
const PUBLIC = {
    dump: { failed: PgDumpFailed, command: PgDumpCommandError },
    restore: { failed: PgRestoreFailed, command: PgRestoreCommandError }
};
/** The public error of `operation` for a ToolError; anything else as it is. */
function operationError(operation, error) {
    if (!(error instanceof ToolError))
        return error;
    const failure = error.tool === undefined
        ? undefined
        : { tool: error.tool, exitCode: error.exitCode, stderr: error.stderr };
    return new PUBLIC[operation][error.kind](error.message, failure);
}
/**
 * An error of the operating system (a Node system error, with `code` and
 * `syscall`: a file that cannot be read, a folder that cannot be made) as a
 * `command` ToolError with the system's message, so no failure reaches a
 * front end untyped; anything else as it is.
 */
function systemToolError(error) {
    if (error instanceof DumperError || !(error instanceof Error))
        return error;
    const { code, syscall } = error;
    if (typeof code !== 'string' || typeof syscall !== 'string')
        return error;
    return new ToolError('command', error.message);
}
/** Formats any thrown value as `<ErrorName>: <message>`, the form both front ends print. */
function describeError(error) {
    if (error instanceof Error)
        return `${error.name}: ${error.message}`;
    return `Error: ${String(error)}`;
}

;// CONCATENATED MODULE: ./lib/core/process/cancellation.js
// Cancelling a run: stop the PostgreSQL tool that is running (a child of
// this process), remove the temporary files the run made, undo what it made
// on the server (a throwaway database), and fail with a message that says
// it was cancelled.



/** Process ids whose parent is `pid` (Linux: /proc; elsewhere: pgrep -P). */
function childProcesses(pid = process.pid) {
    if (process.platform === 'linux') {
        const children = [];
        for (const entry of (0,external_node_fs_.readdirSync)('/proc')) {
            if (!/^\d+$/.test(entry))
                continue;
            try {
                const stat = (0,external_node_fs_.readFileSync)(`/proc/${entry}/stat`, 'utf8');
                // "pid (comm) state ppid …": comm may hold spaces and parentheses
                const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
                if (ppid === pid)
                    children.push(Number(entry));
            }
            catch {
                // the process ended while we looked
            }
        }
        return children;
    }
    try {
        return (0,external_node_child_process_namespaceObject.execFileSync)('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
            .split('\n')
            .filter(Boolean)
            .map(Number);
    }
    catch {
        return [];
    }
}
/** How long a signal handler waits for the deferred clean-ups. */
const CLEANUP_MS = 5000;
/** How long psql gets to send the server its cancel request before SIGTERM. */
const PSQL_CANCEL_MS = 300;
function signal(pid, name) {
    try {
        process.kill(pid, name);
    }
    catch {
        // already gone
    }
}
/** A process's program name (Linux: /proc; elsewhere: ps), or undefined. */
function commandOf(pid) {
    try {
        if (process.platform === 'linux')
            return (0,external_node_fs_.readFileSync)(`/proc/${pid}/comm`, 'utf8').trim();
        return (0,external_node_child_process_namespaceObject.execFileSync)('ps', ['-o', 'comm=', '-p', String(pid)], {
            encoding: 'utf8'
        })
            .trim()
            .split('/')
            .pop()
            ?.replace(/\.exe$/i, '');
    }
    catch {
        return undefined;
    }
}
/** Whether a child has ended (gone, or a zombie not yet reaped). */
function ended(pid) {
    if (process.platform !== 'linux')
        return commandOf(pid) === undefined;
    try {
        const stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
    }
    catch {
        return true;
    }
}
/**
 * Ends every child process running `tool` with SIGTERM, and waits (up to
 * CLEANUP_MS) until they have: a tool reading a stream that failed must
 * not see its end as the end of a good input (psql commits a
 * --single-transaction at the end of its input).
 */
async function stopChildTool(tool) {
    const pids = childProcesses().filter(pid => commandOf(pid) === tool);
    for (const pid of pids)
        signal(pid, 'SIGTERM');
    const deadline = performance.now() + CLEANUP_MS;
    while (!pids.every(ended) && performance.now() < deadline)
        await new Promise(resolve => setTimeout(resolve, 20));
}
/** Shared by a run's parts: whether it was cancelled, and what to clean up. */
class Cancellation {
    #reason;
    #temps = new Set();
    #cleanups = new Set();
    /** The signal (or other reason) that cancelled the run, if any. */
    get reason() {
        return this.#reason;
    }
    /**
     * Cancels: signals every child process; returns how many there were.
     * psql gets SIGINT first, which makes it cancel its running statement on
     * the server (SIGTERM alone ends psql but lets the statement go on and
     * commit), then SIGTERM; pg_dump and pg_restore cancel on SIGTERM.
     */
    cancel(reason) {
        this.#reason ??= reason;
        const children = childProcesses();
        for (const pid of children) {
            if (commandOf(pid) === 'psql') {
                signal(pid, 'SIGINT');
                setTimeout(() => signal(pid, 'SIGTERM'), PSQL_CANCEL_MS);
            }
            else
                signal(pid, 'SIGTERM');
        }
        return children.length;
    }
    /** Remembers a temporary path to remove if the run is cancelled. */
    track(path) {
        this.#temps.add(path);
    }
    /** Forgets a path that was removed or became the result. */
    untrack(path) {
        this.#temps.delete(path);
    }
    /** Removes every tracked temporary path, synchronously (a signal handler may exit next). */
    removeTemps() {
        for (const path of this.#temps)
            (0,external_node_fs_.rmSync)(path, { recursive: true, force: true });
        this.#temps.clear();
    }
    /**
     * Remembers a clean-up that needs a tool (dropping a throwaway database),
     * run by {@link cleanUp} when a signal stops the run between tools;
     * returns the function that forgets it. It must be idempotent: the flow
     * runs it too, on its way out.
     */
    defer(cleanup) {
        this.#cleanups.add(cleanup);
        return () => this.#cleanups.delete(cleanup);
    }
    /**
     * Removes every tracked temporary path and runs every deferred clean-up,
     * for a signal handler that ends the process next: waits up to
     * `timeoutMs` for them (the runner kills the step soon after it cancels
     * it); never rejects.
     */
    async cleanUp(timeoutMs = CLEANUP_MS) {
        this.removeTemps();
        let timer;
        await Promise.race([
            Promise.allSettled([...this.#cleanups].map(cleanup => cleanup())),
            new Promise(resolve => (timer = setTimeout(resolve, timeoutMs)))
        ]);
        clearTimeout(timer);
    }
    /** Throws OperationCancelled once the run was cancelled. */
    throwIfCancelled(detail = 'temporary files were removed') {
        if (this.#reason !== undefined) {
            this.removeTemps();
            throw new OperationCancelled(`Cancelled by ${this.#reason}: ${detail}.`);
        }
    }
}
/**
 * Cancels the run on SIGINT or SIGTERM. The first stops the running tool
 * (the flow then fails and cleans up: partial and temporary files, the
 * scrub's throwaway database) or, when none runs, cleans up here and calls
 * `stopped`. Every later one is absorbed, so the clean-up completes:
 * `timeout` signals the process and its group, users press Cancel twice,
 * the runner follows SIGINT with SIGTERM (issue 19).
 */
function cancelOnSignals(cancellation, on) {
    let first;
    const handler = (signal) => {
        if (first !== undefined)
            return on.repeated(signal, first);
        first = signal;
        if (cancellation.cancel(signal) > 0)
            return;
        void cancellation.cleanUp().finally(() => on.stopped(signal));
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
}

;// CONCATENATED MODULE: ./lib/core/connection/keywords.js
// What libpq's connection strings are made of, shared by the key=value and
// URI parsers: keywords, blanks, and the error both throw.
/**
 * A connection string libpq would not accept. The message says what is wrong
 * and where, but never repeats the input or any password from it.
 */
class ConnectionStringError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ConnectionStringError';
    }
}
/** What the connection inputs accept, for messages. */
const ACCEPTED = 'expected a service name, a key=value connection string ' +
    "(e.g. host=db.example.com dbname=app) or a URI starting with 'postgresql://' or 'postgres://'";
// libpq uses C isspace() in the C locale, not Unicode whitespace.
const SPACE = ' \t\n\v\f\r';
const KEYWORD = /^[a-z_]+$/;
// libpq's keywords (PostgreSQL 9.x–18); only used to decide whether a keyword
// may be named in an error, since an unknown "keyword" could be a stray
// fragment of an unquoted password.
const KNOWN_KEYWORDS = new Set([
    'application_name',
    'channel_binding',
    'client_encoding',
    'connect_timeout',
    'dbname',
    'fallback_application_name',
    'gssdelegation',
    'gssencmode',
    'gsslib',
    'host',
    'hostaddr',
    'keepalives',
    'keepalives_count',
    'keepalives_idle',
    'keepalives_interval',
    'krbsrvname',
    'load_balance_hosts',
    'max_protocol_version',
    'min_protocol_version',
    'oauth_client_id',
    'oauth_client_secret',
    'oauth_issuer',
    'oauth_scope',
    'options',
    'passfile',
    'password',
    'port',
    'replication',
    'require_auth',
    'requirepeer',
    'requiressl',
    'service',
    'ssl',
    'ssl_max_protocol_version',
    'ssl_min_protocol_version',
    'sslcert',
    'sslcertmode',
    'sslcompression',
    'sslcrl',
    'sslcrldir',
    'sslkey',
    'sslmode',
    'sslnegotiation',
    'sslpassword',
    'sslrootcert',
    'sslsni',
    'target_session_attrs',
    'tcp_user_timeout',
    'user'
]);
/**
 * The keywords whose values are secrets: never on a command line or in a
 * log. libpq reads the password from PGPASSWORD; the others have no
 * variable, so they reach the tools through a private service file.
 */
const SECRET_KEYWORDS = new Set([
    'password',
    'sslpassword',
    'oauth_client_secret',
    'scram_client_key',
    'scram_server_key'
]);
/** The service the private service file defines for the other secrets. */
const SECRETS_SERVICE = 'pg_dumper_secrets';

;// CONCATENATED MODULE: ./lib/core/connection/uri.js
// Parses a postgresql:// URI into libpq's keywords, as libpq does.

const UNENCODED = "the URI's authority does not parse (a port that is not a number, or an '@' after the host): " +
    "a user name or password holding '/', '@', ':', '?' or '#' must be percent-encoded in a URI " +
    "(/ as %2F, @ as %40, : as %3A, ? as %3F, # as %23), or use a key=value connection string with password='…'";
// Mirrors libpq's conninfo_uri_parse_options(); `base` is where `uri` starts
// in the user's string, so positions in messages match what they typed.
function parseUri(uri, prefixLength, base) {
    const params = new Map();
    const n = uri.length;
    const at = (i) => (i < n ? uri[i] : '');
    const position = (i) => base + i + 1;
    const hostsStart = parseUserInfo(uri, prefixLength, params, position);
    const authority = parseHosts(uri, hostsStart, position);
    const { hosts, ports } = authority;
    let { terminator, end: i } = authority;
    // Joined like libpq's buffers: a host without a port leaves an empty entry,
    // and libpq keeps even an all-empty list such as "," (which then means the
    // default port, ignoring PGPORT).
    const host = hosts.join(',');
    if (host !== '')
        params.set('host', host);
    // libpq ends the authority at the first '/', so a password holding a raw
    // '/' or '@' is read as host and port, and its pieces would reach argv and
    // logs: refuse, naming none of it
    if (ports.some(p => p !== '' && !/^\d+$/.test(p)) ||
        hosts.some(h => h.includes('@'))) {
        throw new ConnectionStringError(UNENCODED);
    }
    const port = ports.join(',');
    if (port !== '')
        params.set('port', port);
    if (terminator === '/') {
        const dbStart = ++i;
        while (i < n && uri[i] !== '?')
            i++;
        // libpq leaves an empty path unset so that PGDATABASE still applies.
        if (i > dbStart) {
            params.set('dbname', percentDecode(uri.slice(dbStart, i), 'the database name', position(dbStart)));
        }
        terminator = at(i);
    }
    if (terminator === '?')
        parseQuery(uri, i + 1, params, position);
    if (params.get('dbname')?.includes('@')) {
        throw new ConnectionStringError(UNENCODED);
    }
    return params;
}
/** The user and password before an '@', into `params`; where the hosts start. */
function parseUserInfo(uri, start, params, position) {
    const n = uri.length;
    // libpq looks for '@' only up to the first '/', even across '?' and ':'.
    let userEnd = start;
    while (userEnd < n && uri[userEnd] !== '@' && uri[userEnd] !== '/')
        userEnd++;
    if (uri[userEnd] !== '@')
        return start;
    let colon = start;
    while (uri[colon] !== ':' && uri[colon] !== '@')
        colon++;
    const user = uri.slice(start, colon);
    if (user !== '') {
        params.set('user', percentDecode(user, 'the user name', position(start)));
    }
    // An empty password in the userinfo is not stored by libpq, unlike an
    // empty ?password=.
    const password = uri.slice(colon + 1, userEnd);
    if (uri[colon] === ':' && password !== '') {
        params.set('password', percentDecode(password, 'the password', position(colon + 1)));
    }
    return userEnd + 1;
}
/** The comma-separated hosts and ports; the character that ended them, and where. */
function parseHosts(uri, start, position) {
    const n = uri.length;
    const at = (i) => (i < n ? uri[i] : '');
    let i = start;
    const hosts = [];
    const ports = [];
    let terminator;
    for (;;) {
        const hostStart = uri[i] === '[' ? i + 1 : i;
        let hostEnd;
        if (uri[i] === '[') {
            hostEnd = ipv6End(uri, i, position);
            i = hostEnd + 1;
        }
        else {
            while (i < n && !':/?,'.includes(uri[i]))
                i++;
            hostEnd = i;
        }
        hosts.push(percentDecode(uri.slice(hostStart, hostEnd), 'a host', position(hostStart)));
        terminator = at(i);
        let port = '';
        if (terminator === ':') {
            const portStart = ++i;
            while (i < n && !'/?,'.includes(uri[i]))
                i++;
            port = percentDecode(uri.slice(portStart, i), 'a port', position(portStart));
            terminator = at(i);
        }
        ports.push(port);
        if (terminator !== ',')
            return { hosts, ports, terminator, end: i };
        i++;
    }
}
/** Where the IPv6 address in '[…]' starting at `open` ends (its ']'), checked. */
function ipv6End(uri, open, position) {
    const hostStart = open + 1;
    const hostEnd = uri.indexOf(']', hostStart);
    if (hostEnd < 0) {
        throw new ConnectionStringError(`unterminated IPv6 address in the URI: no ']' after the '[' at position ${position(open)}`);
    }
    if (hostEnd === hostStart) {
        throw new ConnectionStringError(`empty IPv6 address '[]' at position ${position(open)} of the URI`);
    }
    const next = hostEnd + 1;
    if (next < uri.length && !':/?,'.includes(uri[next])) {
        throw new ConnectionStringError(`unexpected character at position ${position(next)} of the URI: ` +
            "an IPv6 address in [...] must be followed by ':port', ',', '/', '?' or the end");
    }
    return hostEnd;
}
// Mirrors libpq's conninfo_uri_parse_params(): '+' is not a space, a raw '='
// in a value is an error, and ssl=true means sslmode=require (for JDBC URIs).
function parseQuery(uri, start, params, position) {
    const n = uri.length;
    let i = start;
    for (let index = 1; i < n; index++) {
        const paramStart = i;
        let equals = -1;
        while (i < n && uri[i] !== '&') {
            if (uri[i] === '=') {
                if (equals >= 0) {
                    throw new ConnectionStringError(`query parameter ${index} of the URI (at position ${position(paramStart)}) ` +
                        "has a second '='; percent-encode it as %3D");
                }
                equals = i;
            }
            i++;
        }
        if (equals < 0) {
            throw new ConnectionStringError(`query parameter ${index} of the URI (at position ${position(paramStart)}) ` +
                "is not key=value; separate parameters with '&'");
        }
        const key = percentDecode(uri.slice(paramStart, equals), `the name of query parameter ${index}`, position(paramStart));
        if (!KEYWORD.test(key)) {
            throw new ConnectionStringError(`query parameter ${index} of the URI (at position ${position(paramStart)}) ` +
                'has an invalid name: names are lowercase letters and underscores, like sslmode');
        }
        const value = percentDecode(uri.slice(equals + 1, i), KNOWN_KEYWORDS.has(key)
            ? `the value of '${key}'`
            : `the value of query parameter ${index}`, position(equals + 1));
        if (key === 'ssl' && value === 'true')
            params.set('sslmode', 'require');
        else
            params.set(key, value);
        i++;
    }
}
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// libpq decodes bytes; JS strings (and the environment we pass the password
// through) need them to be UTF-8, so anything else is rejected, not mangled.
function percentDecode(raw, what, offset) {
    if (!raw.includes('%'))
        return raw;
    const chunks = [];
    let literalStart = 0;
    for (let i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', literalStart)) {
        chunks.push(Buffer.from(raw.slice(literalStart, i), 'utf8'));
        const hex = raw.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
            throw new ConnectionStringError(`invalid percent-encoding in ${what} at position ${offset + i} of the URI: ` +
                "'%' must be followed by two hex digits (write a literal % as %25)");
        }
        const byte = Number.parseInt(hex, 16);
        if (byte === 0) {
            throw new ConnectionStringError(`%00 at position ${offset + i} of the URI is not allowed in ${what}`);
        }
        chunks.push(Buffer.of(byte));
        literalStart = i + 3;
    }
    chunks.push(Buffer.from(raw.slice(literalStart), 'utf8'));
    try {
        return utf8.decode(Buffer.concat(chunks));
    }
    catch {
        throw new ConnectionStringError(`the percent-encoded bytes in ${what} (at position ${offset} of the URI) are not valid UTF-8`);
    }
}

;// CONCATENATED MODULE: ./lib/core/connection/parse.js
// Parses the user's PostgreSQL service name, key=value conninfo or URI into a
// password-free conninfo for argv, plus the password to hand over via PGPASSWORD.



const SPACE_OR_SPECIAL = /[ \t\n\v\f\r'\\]/;
const URI_PREFIXES = ['postgresql://', 'postgres://'];
/**
 * Parse a PostgreSQL service name, libpq key=value connection string or
 * `postgresql://` / `postgres://` URI the way libpq does.
 *
 * The password is taken out of the result's `conninfo` and returned on its
 * own, so that callers can pass `--dbname=<conninfo>` on the command line and
 * the password through PGPASSWORD. `dbnameOverride`, unless undefined or
 * empty, replaces the database the string names (or adds one).
 *
 * @throws {ConnectionStringError} when the string is empty or malformed
 */
function parseConnection(value, dbnameOverride) {
    return connectionFields(parseParams(value), dbnameOverride);
}
/**
 * libpq's keywords and values from a service name, key=value string or URI,
 * in the order first given (later duplicates win).
 *
 * @throws {ConnectionStringError} when the string is empty or malformed
 */
function parseParams(value) {
    if (value.includes('\0')) {
        throw new ConnectionStringError('the connection string contains a NUL character, which libpq cannot accept');
    }
    const start = skipSpace(value, 0);
    let end = value.length;
    while (end > start && SPACE.includes(value[end - 1]))
        end--;
    if (start === end) {
        throw new ConnectionStringError(`the connection string is empty; ${ACCEPTED}`);
    }
    const trimmed = value.slice(start, end);
    const separator = trimmed.indexOf('://');
    // A "://" inside a key=value value (say, a password) must not make the
    // whole string a URI, so only a "://" before any '=' counts.
    if (separator >= 0 && !trimmed.slice(0, separator).includes('=')) {
        const prefix = URI_PREFIXES.find(p => trimmed.startsWith(p));
        if (prefix === undefined) {
            throw unsupportedScheme(trimmed.slice(0, separator));
        }
        // Trimmed because libpq would keep a trailing newline (common in pasted
        // secrets) as part of the last URI component.
        return parseUri(trimmed, prefix.length, start);
    }
    if (trimmed.includes('=')) {
        // Untrimmed: surrounding whitespace is insignificant here, except that a
        // trailing backslash-escaped space belongs to the last value.
        return parseKeywordValue(value);
    }
    checkServiceName(trimmed);
    return new Map([['service', trimmed]]);
}
/**
 * The facts of parsed keywords, with `dbname` (unless undefined or empty)
 * replacing the database they name: a password-free conninfo and the
 * password apart.
 */
function connectionFields(params, dbname) {
    if (dbname?.includes('\0')) {
        throw new ConnectionStringError('the connection string contains a NUL character, which libpq cannot accept');
    }
    const all = new Map(params);
    if (dbname !== undefined && dbname !== '')
        all.set('dbname', dbname);
    const secrets = Object.fromEntries([...all].filter(([key]) => key !== 'password' && SECRET_KEYWORDS.has(key)));
    const hasSecrets = Object.keys(secrets).length > 0;
    const conninfo = [...all]
        .filter(([key]) => !SECRET_KEYWORDS.has(key))
        .filter(([key]) => !(hasSecrets && key === 'service'))
        .map(([key, v]) => `${key}=${quoteConninfoValue(v)}`)
        .concat(hasSecrets ? [`service=${SECRETS_SERVICE}`] : [])
        .join(' ');
    const fields = { conninfo };
    for (const key of [
        'password',
        'service',
        'dbname',
        'host',
        'port'
    ]) {
        const v = all.get(key);
        if (v !== undefined)
            fields[key] = v;
    }
    if (hasSecrets)
        fields.secrets = secrets;
    return fields;
}
/**
 * A bare value is taken for a service name and named in messages, so refuse
 * the shapes that are really a mistyped URI and may hold a password:
 * `postgresql:/user:pw@host` (one slash) or `user:pw@host`.
 */
function checkServiceName(name) {
    if (/^postgres(ql)?:/i.test(name)) {
        throw new ConnectionStringError("it starts like a URI but lacks the '//' after the scheme; " +
            "write 'postgresql://user:password@host:5432/dbname'");
    }
    if (name.includes('@')) {
        throw new ConnectionStringError("a service name cannot contain '@'; for a connection string write " +
            "'postgresql://user:password@host:5432/dbname'");
    }
}
/**
 * Quote one conninfo value the libpq way: bare if it is non-empty and has no
 * whitespace, `'` or `\`; else single-quoted with `\` and `'` backslash-escaped.
 *
 * @throws {ConnectionStringError} if the value contains a NUL character
 */
function quoteConninfoValue(value) {
    if (value.includes('\0')) {
        throw new ConnectionStringError('a connection value contains a NUL character, which libpq cannot accept');
    }
    if (value !== '' && !SPACE_OR_SPECIAL.test(value))
        return value;
    return `'${value.replace(/['\\]/g, '\\$&')}'`;
}
function skipSpace(text, i) {
    while (i < text.length && SPACE.includes(text[i]))
        i++;
    return i;
}
function describeKeyword(key, position) {
    return KNOWN_KEYWORDS.has(key)
        ? `'${key}'`
        : `the keyword at position ${position}`;
}
function unsupportedScheme(scheme) {
    const named = /^[A-Za-z][A-Za-z0-9+.:-]{0,19}$/.test(scheme)
        ? ` '${scheme}://'`
        : '';
    const hint = /^jdbc:postgres(ql)?$/i.test(scheme)
        ? " (drop the 'jdbc:' prefix)"
        : '';
    return new ConnectionStringError(`unsupported URI scheme${named}${hint}; ${ACCEPTED}`);
}
// Mirrors libpq's conninfo_parse(): later duplicates win, but keep the
// position of the first occurrence so the output order stays stable.
function parseKeywordValue(text) {
    const params = new Map();
    const n = text.length;
    let i = skipSpace(text, 0);
    while (i < n) {
        const keyStart = i;
        while (i < n && text[i] !== '=' && !SPACE.includes(text[i]))
            i++;
        const key = text.slice(keyStart, i);
        i = skipSpace(text, i);
        if (text[i] !== '=') {
            throw new ConnectionStringError(`expected key=value at position ${keyStart + 1} of the connection string, ` +
                "found a word without '=' (values with spaces need single quotes: key='a b')");
        }
        if (!KEYWORD.test(key)) {
            throw new ConnectionStringError(`invalid keyword at position ${keyStart + 1} of the connection string: ` +
                'keywords are lowercase letters and underscores, like host or sslmode');
        }
        // libpq skips blanks after '=' too, so "host= port=5" sets host to
        // "port=5"; an empty value has to be written ''.
        i = skipSpace(text, i + 1);
        let value = '';
        if (text[i] === "'") {
            const quoteStart = i;
            i++;
            for (;;) {
                if (i >= n) {
                    throw new ConnectionStringError(`unterminated quoted value for ${describeKeyword(key, keyStart + 1)} ` +
                        `(the quote opens at position ${quoteStart + 1}); ` +
                        "close it with ' and escape quotes and backslashes inside it as \\' and \\\\");
                }
                if (text[i] === '\\') {
                    i++;
                    if (i < n)
                        value += text[i++];
                }
                else if (text[i] === "'") {
                    // libpq needs no whitespace after the closing quote: "a='x'b=y" is
                    // two pairs.
                    i++;
                    break;
                }
                else {
                    value += text[i++];
                }
            }
        }
        else {
            while (i < n && !SPACE.includes(text[i])) {
                // A trailing lone backslash is dropped, as libpq does.
                if (text[i] === '\\')
                    i++;
                if (i < n)
                    value += text[i++];
            }
        }
        params.set(key, value);
        i = skipSpace(text, i);
    }
    return params;
}

;// CONCATENATED MODULE: ./lib/core/connection/connection.js
// The connection a Dumper works through, parsed once: its facts for
// messages, and the same connection pointed at another database.

/** A parsed connection; `withDbname` derives others without parsing again. */
class Connection {
    #params;
    constructor(params, dbname) {
        this.#params = params;
        Object.assign(this, connectionFields(params, dbname));
    }
    /**
     * Parses a service name, key=value string or URI; `dbname` (unless empty)
     * replaces the database it names.
     *
     * @throws {ConnectionStringError} when the string is empty or malformed
     */
    static parse(value, dbname) {
        const connection = new Connection(parseParams(value));
        return dbname ? connection.withDbname(dbname) : connection;
    }
    /** The same connection to another database (the password still apart). */
    withDbname(dbname) {
        return new Connection(this.#params, dbname);
    }
    /** A name for the target in messages: database, service or host. */
    get target() {
        return (this.dbname ??
            (this.service
                ? `service ${this.service}`
                : (this.host ?? 'default database')));
    }
    /** Where it connects, for messages: `host:port`, else the target. */
    get endpoint() {
        if (!this.host)
            return this.target;
        return `${this.host}${this.port ? `:${this.port}` : ''}`;
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: ./lib/core/archive/format.js
var format = __nccwpck_require__(9171);
;// CONCATENATED MODULE: ./lib/core/age/kind.js
// Telling an age file by its first bytes, without loading the age library:
// the dump target check and the restore's format check use it on every run.

/** The extension an age-encrypted file's name ends in, which names it as one. */
const AGE_EXTENSION = '.age';
/** The first line of every binary age file. */
const AGE_MAGIC = 'age-encryption.org/v1\n';
/** The first line of an ASCII-armored one (`age -a`). */
const ARMOR_MAGIC = '-----BEGIN AGE ENCRYPTED FILE-----';
/** What a file's first bytes say: a binary age file, an armored one, or neither. */
function ageKind(head) {
    const text = head.subarray(0, 64).toString('latin1');
    if (text.startsWith(AGE_MAGIC))
        return 'age';
    if (text.trimStart().startsWith(ARMOR_MAGIC))
        return 'armored';
    return undefined;
}
/** Whether the regular file at `path` is an age file (binary or armored). */
async function ageFileKind(path) {
    return ageKind(await (0,format/* readPrefix */.fr)(path, 64));
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
;// CONCATENATED MODULE: ./lib/core/process/temp.js
// Temporary paths a run makes: removed when the work is done, and by the
// cancellation if the run is stopped while they exist.




/**
 * Runs `fn` with a temporary path: `path` itself, or a new folder in the
 * system's temp folder named after `prefix`. The path is tracked for
 * cancellation while `fn` runs and removed afterwards, whatever happens.
 * When `fn` fails, its error is the one thrown, whether the removal works
 * or not; a folder that cannot be made, or a removal that fails after `fn`
 * succeeded, is a `command` ToolError with the system's message.
 */
async function withTrackedTemp(cancellation, where, fn) {
    const path = 'path' in where ? where.path : await tempFolder(where.prefix);
    cancellation.track(path);
    let result;
    try {
        result = await fn(path);
    }
    catch (error) {
        // the first error is the one that explains the failure: never replace it
        await remove(cancellation, path);
        throw error;
    }
    const leftover = await remove(cancellation, path);
    if (leftover !== undefined) {
        throw new ToolError('command', `Could not remove the temporary ${path}: ${messageOf(leftover)}`);
    }
    return result;
}
/** Removes a tracked path; resolves to the error when that fails. */
async function remove(cancellation, path) {
    const error = await (0,promises_.rm)(path, { recursive: true, force: true }).then(() => undefined, (error) => error);
    cancellation.untrack(path);
    return error;
}
/** A new folder in TMPDIR, or a ToolError that names TMPDIR and the reason. */
async function tempFolder(prefix) {
    const parent = (0,external_node_os_.tmpdir)();
    try {
        return await (0,promises_.mkdtemp)((0,external_node_path_.join)(parent, `pg-dumper-${prefix}-`));
    }
    catch (error) {
        throw new ToolError('command', `Cannot create a temporary folder in TMPDIR (${parent}): ${messageOf(error)}. Point TMPDIR to a writable folder.`);
    }
}
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./lib/core/dump/atomic-file.js
// Writing a dump under a temporary name beside its target, and moving it
// into place only when it is complete; and which targets may be replaced.






/** The longest file name (bytes) Linux, macOS and Windows file systems take. */
const NAME_MAX = 255;
/** Enough of a file's start to tell a dump: tar's magic sits at byte 257. */
const HEAD_BYTES = 512;
/**
 * A fresh hidden name beside `target` ending in `.<suffix>`:
 * `.backup.dump.<random>.partial`, or, where that would be longer than a
 * file name may be, `.pg-dumper-<hash of the name>.<random>.partial`.
 */
function siblingPath(target, suffix) {
    const name = (0,external_node_path_.basename)(target);
    const random = (0,external_node_crypto_.randomBytes)(4).toString('hex');
    const full = `.${name}.${random}.${suffix}`;
    if (Buffer.byteLength(full) <= NAME_MAX)
        return (0,external_node_path_.join)((0,external_node_path_.dirname)(target), full);
    const hash = (0,external_node_crypto_.createHash)('sha256').update(name).digest('hex').slice(0, 16);
    return (0,external_node_path_.join)((0,external_node_path_.dirname)(target), `.pg-dumper-${hash}.${random}.${suffix}`);
}
/** A fresh temporary name beside `target`: `.backup.dump.<random>.partial`. */
function partialPath(target) {
    return siblingPath(target, 'partial');
}
/**
 * Moves a finished dump to its target, replacing an earlier one: a file in
 * one atomic rename; a folder (which rename cannot replace) by moving the
 * old one aside first and removing it after.
 */
async function replacePath(from, to) {
    if (!(await (0,promises_.stat)(from)).isDirectory())
        return (0,promises_.rename)(from, to);
    const old = siblingPath(to, 'old');
    const moved = await (0,promises_.rename)(to, old).then(() => true, () => false);
    try {
        await (0,promises_.rename)(from, to);
    }
    catch (error) {
        if (moved)
            await (0,promises_.rename)(old, to);
        throw error;
    }
    if (moved)
        await (0,promises_.rm)(old, { recursive: true, force: true });
}
/** Whether `path` is the working directory or one of its parents. */
function isWorkingDirOrParent(path) {
    const up = (0,external_node_path_.relative)((0,external_node_path_.resolve)(path), process.cwd());
    return up === '' || (!up.startsWith('..') && !(0,external_node_path_.isAbsolute)(up));
}
const NOT_A_DUMP = 'and only an earlier dump is replaced (remove it first to let the dump take its place)';
/**
 * Why `target` must not be written, or undefined when it may: it is the
 * working directory or one of its parents; its name is longer than a file
 * name may be; it is a FIFO, socket or device; it is an existing folder
 * that is not an earlier directory-format dump (which replacePath would
 * delete); or an existing file that is not an earlier dump or age file (a
 * README, an .env). Checked before anything is opened.
 */
function unsafeTarget(target, directoryFormat) {
    const absolute = (0,external_node_path_.resolve)(target);
    if (isWorkingDirOrParent(absolute)) {
        return 'it is the working directory or one of its parents';
    }
    const bytes = Buffer.byteLength((0,external_node_path_.basename)(absolute));
    if (bytes > NAME_MAX) {
        return `its name is ${bytes} bytes long, longer than the ${NAME_MAX} a file name may be`;
    }
    let info;
    try {
        info = (0,external_node_fs_.statSync)(absolute, { throwIfNoEntry: false });
    }
    catch (error) {
        return `it cannot be examined (${error.message})`;
    }
    if (info === undefined)
        return undefined;
    const special = (0,format/* specialFileKind */.QD)(info);
    if (special) {
        return `it is ${special}, and a dump is written to a regular file (or, in the directory format, a folder)`;
    }
    if (info.isDirectory()) {
        if (!directoryFormat) {
            return 'it is an existing folder, and this format writes a file';
        }
        return (0,external_node_fs_.statSync)((0,external_node_path_.join)(absolute, 'toc.dat'), {
            throwIfNoEntry: false
        })?.isFile()
            ? undefined
            : 'it is an existing folder that is not a directory-format dump; only an earlier dump is replaced';
    }
    return notADumpFile(absolute);
}
/** Why the existing regular file at `path` may not be replaced: undefined for a dump. */
function notADumpFile(path) {
    let head;
    try {
        head = readHeadSync(path);
    }
    catch (error) {
        return `it cannot be read to tell whether it is a dump (${error.message})`;
    }
    if (head.length === 0)
        return `it is an existing empty file, ${NOT_A_DUMP}`;
    // an encrypted dump of an earlier run (age-encryption.org/v1)
    if ((0,format/* pgDumpFileFormat */.j8)(head) || ageKind(head) === 'age')
        return undefined;
    return `it is an existing file that is not a PostgreSQL dump, ${NOT_A_DUMP}`;
}
/** The first bytes of a regular file; never waits on a FIFO put in its place. */
function readHeadSync(path) {
    const fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
    try {
        const special = (0,format/* specialFileKind */.QD)((0,external_node_fs_.fstatSync)(fd));
        if (special)
            throw new Error(`it is ${special}`);
        const buffer = Buffer.alloc(HEAD_BYTES);
        const read = (0,external_node_fs_.readSync)(fd, buffer, 0, HEAD_BYTES, 0);
        return buffer.subarray(0, read);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}

;// CONCATENATED MODULE: ./lib/core/units.js
// Human-readable sizes and durations for log lines and summaries.
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
/** 1536 → "1.5 KiB" */
function formatBytes(bytes) {
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}
/** 1234 ms → "1.2 s"; 95000 ms → "1 min 35 s" */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    const seconds = ms / 1000;
    if (seconds < 60)
        return `${seconds.toFixed(1)} s`;
    const minutes = Math.floor(seconds / 60);
    return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

;// CONCATENATED MODULE: ./lib/core/results.js

/** The file's facts once an operation is done, logged as `<verb> <size> (<format>) in <time>`. */
function fileResult(logger, verb, facts) {
    const { file, format, server, client, digest, started } = facts;
    const durationMs = performance.now() - started;
    logger.info(`${verb} ${formatBytes(digest.size)} (${format}) in ${formatDuration(durationMs)}`);
    return {
        file,
        format,
        serverVersion: server.text,
        clientVersion: client.version?.text ?? '',
        ...digest,
        durationMs
    };
}

;// CONCATENATED MODULE: ./lib/core/args.js
// Argument lists of every command the core runs, as pure functions of typed
// options: no I/O here, so each list can be checked as a table in tests.

/** Output formats of pg_dump the core supports. */
const DUMP_FORMATS = ['custom', 'plain', 'directory', 'tar'];
/** Formats pg_dump can write with several jobs. */
const PARALLEL_DUMP_FORMATS = ['directory'];
/** Archive formats pg_restore can read with several jobs. */
const PARALLEL_RESTORE_FORMATS = [
    'custom',
    'directory'
];
const FORMAT_FLAG = {
    custom: '--format=custom',
    plain: '--format=plain',
    directory: '--format=directory',
    tar: '--format=tar'
};
const jobsArg = (jobs) => jobs !== undefined && jobs > 1 ? [`--jobs=${jobs}`] : [];
/** The connection argument; none when libpq's defaults and environment decide. */
function dbnameArg(conninfo) {
    return conninfo === '' ? [] : [`--dbname=${conninfo}`];
}
/** A file operand for a tool that takes it positionally: never read as an option. */
function fileOperand(file) {
    return file.startsWith('-') ? `./${file}` : file;
}
/** pg_dump arguments: --no-owner --no-privileges unless asked, written with --file. */
function dumpArgs(o) {
    return [
        ...(o.owner ? [] : ['--no-owner']),
        ...(o.privileges ? [] : ['--no-privileges']),
        FORMAT_FLAG[o.format],
        `--file=${o.file}`,
        ...(PARALLEL_DUMP_FORMATS.includes(o.format) ? jobsArg(o.jobs) : []),
        ...(o.compress ? [o.compress] : []),
        ...(o.schemas ?? []).map(s => `--schema=${s}`),
        ...o.excludeSchemas.map(s => `--exclude-schema=${s}`),
        ...(o.excludeTableData ?? []).map(t => `--exclude-table-data=${t}`),
        ...(o.verbose ? ['--verbose'] : []),
        ...(o.noSync ? ['--no-sync'] : []),
        ...(o.snapshot ? [`--snapshot=${o.snapshot}`] : []),
        ...dbnameArg(o.conninfo)
    ];
}
/**
 * A database name as a one-keyword conninfo, `dbname='…'` (backslash and
 * quote escaped), for an option libpq expands as a connection string when
 * its value holds `=` or starts `postgresql://`: a database named
 * `host=elsewhere port=…` would connect (and send the password) to
 * another server. Inside the quotes the name is only a name.
 */
function dbnameConninfo(name) {
    return `dbname='${name.replace(/['\\]/g, '\\$&')}'`;
}
/**
 * pg_dumpall arguments that write the cluster's roles and tablespaces
 * (--globals-only) to a file. pg_dumpall ignores the database a connection
 * string names, so the database it first connects to (the one being dumped,
 * known to let this user in) is given apart with --database, as a conninfo
 * (libpq expands the option; see dbnameConninfo). Without role passwords it
 * reads pg_roles, which any user may, instead of pg_authid.
 */
function dumpallGlobalsArgs(o) {
    return [
        '--globals-only',
        ...(o.rolePasswords ? [] : ['--no-role-passwords']),
        ...(o.noSync ? ['--no-sync'] : []),
        `--file=${o.file}`,
        ...(o.database !== undefined
            ? [`--database=${dbnameConninfo(o.database)}`]
            : []),
        ...dbnameArg(o.conninfo)
    ];
}
/** pg_restore arguments for an archive: it keeps going after an error and reports the count at the end. */
function pgRestoreArgs(o) {
    return [
        ...(o.owner ? [] : ['--no-owner']),
        ...(o.clean ? ['--clean', '--if-exists'] : []),
        ...(o.singleTransaction ? ['--single-transaction', '--exit-on-error'] : []),
        ...jobsArg(o.jobs),
        ...o.excludeSchemas.map(s => `--exclude-schema=${s}`),
        ...(o.useList ? [`--use-list=${o.useList}`] : []),
        ...formatArg(o.format),
        ...dbnameArg(o.conninfo),
        fileOperand(o.file)
    ];
}
/** pg_restore's `--format` for an archive read from a FIFO; nothing when it may probe. */
function formatArg(format) {
    return format === undefined || format === 'plain' ? [] : [FORMAT_FLAG[format]];
}
/** pg_restore arguments that read a whole archive, every block decompressed, SQL thrown away. */
function readBackArgs(file, useList) {
    return [
        `--file=${external_node_os_.devNull}`,
        ...(useList ? [`--use-list=${useList}`] : []),
        fileOperand(file)
    ];
}
/**
 * pg_restore arguments that read a custom archive from a FIFO, its output
 * thrown away. The format is given: detecting it would read the first bytes
 * and reopen the file, and a FIFO's bytes can be read only once.
 */
function streamReadBackArgs(fifo) {
    return ['--format=custom', `--file=${external_node_os_.devNull}`, fileOperand(fifo)];
}
/** pg_restore arguments that print an archive's table of contents. */
function tocListArgs(file, format) {
    return ['--list', ...formatArg(format), fileOperand(file)];
}
/**
 * Where psql reads a script: with `restricted`, first its standard input
 * (which carries `\restrict <key>`, so that psql itself refuses every
 * meta-command of the script), then the script in the same session.
 */
function scriptFiles(file, restricted) {
    return [
        // -w: never a password prompt, which would read stdin (the key) as one
        ...(restricted ? ['-w', '--file=-'] : []),
        // the meta-command scan of a script lexes quotes as psql does with this
        // on, whatever the server's default; runs first, in the same session
        `--command=${STANDARD_STRINGS}`,
        `--file=${file}`
    ];
}
/**
 * psql arguments to run a plain SQL dump. Without ON_ERROR_STOP psql carries
 * on after a failed statement and still exits 0, so it is set unless errors
 * are to be ignored. Query results (set_config, setval) go to the null device.
 */
function psqlRestoreArgs(o) {
    return [
        '--no-psqlrc',
        '--quiet',
        ...(o.ignoreErrors ? [] : ['--set=ON_ERROR_STOP=1']),
        ...(o.singleTransaction ? ['--single-transaction'] : []),
        `--output=${external_node_os_.devNull}`,
        ...scriptFiles(o.file, o.restricted),
        ...dbnameArg(o.conninfo)
    ];
}
/**
 * psql arguments to run a scrub script in a throwaway copy: stop at the
 * first error (exit 3), all of it in one transaction, results to the null
 * device, quotes lexed as the meta-command scan lexed them. `around` are
 * the SQL statements that prove the transaction committed (scrub-commit.ts),
 * run right before and right after the script, in its transaction.
 */
function psqlScrubArgs(conninfo, file, around, 
/** psql reads `\restrict <key>` from stdin first (see scriptFiles) */
restricted) {
    return [
        '--no-psqlrc',
        '--quiet',
        '--set=ON_ERROR_STOP=1',
        // messages without the failing statement's text (LINE 3: …, CONTEXT)
        '--set=VERBOSITY=terse',
        '--single-transaction',
        `--output=${external_node_os_.devNull}`,
        ...(restricted ? ['-w', '--file=-'] : []),
        `--command=${STANDARD_STRINGS}`,
        `--command=${around.before}`,
        `--file=${file}`,
        `--command=${around.after}`,
        ...dbnameArg(conninfo)
    ];
}
/** Set before a plain script runs (pg_dump's scripts set it too). */
const STANDARD_STRINGS = 'SET standard_conforming_strings = on';
/**
 * psql arguments that (re)create databases: each `--command` runs on its
 * own, outside a transaction, as DROP/CREATE DATABASE require.
 */
function psqlCommandArgs(conninfo, commands) {
    return [
        '--no-psqlrc',
        '--quiet',
        '--set=ON_ERROR_STOP=1',
        ...commands.map(c => `--command=${c}`),
        ...dbnameArg(conninfo)
    ];
}
/** psql arguments that print each query's result in turn, unaligned. */
function psqlQueryArgs(conninfo, ...sql) {
    return [
        '--no-psqlrc',
        '--tuples-only',
        '--no-align',
        '--set=ON_ERROR_STOP=1',
        ...sql.map(q => `--command=${q}`),
        ...dbnameArg(conninfo)
    ];
}
/** psql arguments that print the server's version, e.g. `15.18 (Debian …)`, then `question`'s answer if any. */
function serverVersionArgs(conninfo, question) {
    const more = question === undefined ? [] : [question];
    return psqlQueryArgs(conninfo, 'SHOW server_version', ...more);
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(8522);
;// CONCATENATED MODULE: ./lib/core/archive/digest.js
// Size and SHA-256 of a dump, read in fixed chunks so no dump is held in memory.
// A directory archive is hashed file by file in name order.




// one buffer, reused for every read: hashing a large dump allocates nothing
// per chunk, so the action's memory does not grow with the dump
const CHUNK = 1 << 20;
async function hashFile(path, hash, range) {
    const handle = await (0,promises_.open)(path, 'r');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = 0;
    let crc = 0;
    try {
        for (;;) {
            const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
            if (bytesRead === 0)
                break;
            const bytes = buffer.subarray(0, bytesRead);
            hash?.update(bytes);
            if (range) {
                const from = Math.max(range.start - position, 0);
                const to = Math.min(range.end - position, bytesRead);
                if (to > from)
                    crc = (0,external_node_zlib_.crc32)(bytes.subarray(from, to), crc);
            }
            position += bytesRead;
        }
    }
    finally {
        await handle.close();
    }
    return crc;
}
/** The files under a folder, relative paths with `/`, sorted. */
async function filesUnder(dir) {
    const entries = await (0,promises_.readdir)(dir, { recursive: true, withFileTypes: true });
    return entries
        .filter(e => e.isFile())
        .map(e => (0,external_node_path_.relative)(dir, (0,external_node_path_.join)(e.parentPath, e.name)).split(external_node_path_.sep).join('/'))
        .sort();
}
const WHOLE = { start: 0, end: Number.POSITIVE_INFINITY };
/** The CRC-32 of a whole file, read in fixed chunks. */
async function fileCrc(path) {
    return hashFile(path, undefined, WHOLE);
}
/**
 * Streams the file (or every file of the folder) once to hash it; `crc`
 * asks for the CRC-32 of a range of a file, or (any range) of each file of
 * a folder, from the same pass.
 */
async function fileDigest(path, crc) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const info = await (0,promises_.stat)(path);
    if (!info.isDirectory()) {
        const crc32 = await hashFile(path, hash, crc);
        return {
            size: info.size,
            sha256: hash.digest('hex'),
            ...(crc && { crc32 })
        };
    }
    let size = 0;
    const fileCrcs = new Map();
    for (const name of await filesUnder(path)) {
        const file = (0,external_node_path_.join)(path, ...name.split('/'));
        const bytes = (await (0,promises_.stat)(file)).size;
        size += bytes;
        hash.update(`${name}\0${bytes}\0`);
        const crc32 = await hashFile(file, hash, crc && WHOLE);
        if (crc)
            fileCrcs.set(name, crc32);
    }
    return { size, sha256: hash.digest('hex'), ...(crc && { fileCrcs }) };
}

;// CONCATENATED MODULE: ./lib/core/sql.js
// Quoting for the few SQL statements the core writes itself (creating and
// copying databases).
/** Quotes an SQL identifier: "name", doubling embedded quotes. */
function quoteIdent(name) {
    return `"${name.replace(/"/g, '""')}"`;
}
/**
 * Quotes an SQL string literal: 'text', doubling embedded quotes. Text with
 * a backslash is written E'…' with the backslashes doubled too, so it stays
 * one literal on a server with standard_conforming_strings off, where a
 * name ending in a backslash would otherwise escape the closing quote.
 */
function quoteLiteral(text) {
    const quoted = text.replace(/'/g, "''");
    return text.includes('\\')
        ? `E'${quoted.replace(/\\/g, '\\\\')}'`
        : `'${quoted}'`;
}
/** DROP DATABASE IF EXISTS, ending the sessions still on it where the server can (WITH (FORCE), PostgreSQL 13+). */
function dropDatabaseSql(name, serverMajor) {
    const force = serverMajor >= 13 ? ' WITH (FORCE)' : '';
    return `DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`;
}

;// CONCATENATED MODULE: ./lib/core/restore/databases.js

/**
 * Drops each of `names` if it exists and creates it from `template`, one
 * after the other in one psql session. Connections to them are ended first
 * (WITH (FORCE), PostgreSQL 13+). From PostgreSQL 15 a copy is made by
 * copying files, which beats WAL-logging every block.
 */
async function recreateDatabases(session, names, template, server) {
    const strategy = server.major >= 15 && template !== 'template0'
        ? ' STRATEGY = FILE_COPY'
        : '';
    await session.sql(names.flatMap(name => [
        dropDatabaseSql(name, server.major),
        `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}${strategy}`
    ]), `(re)create the database${names.length > 1 ? 's' : ''} ${names.join(', ')} from ${template}`);
}
/** Creates `name` (empty, from template0) unless it exists; true if it did. */
async function createDatabaseIfMissing(session, name) {
    const count = await session.query(`SELECT count(*) FROM pg_database WHERE datname = ${quoteLiteral(name)}`, `check whether the database ${name} exists`);
    if (count === '1')
        return false;
    await session.sql([`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`], `create the database ${name}`);
    return true;
}

// EXTERNAL MODULE: ./lib/core/archive/custom-toc.js
var custom_toc = __nccwpck_require__(5968);
// EXTERNAL MODULE: ./lib/core/archive/header.js
var archive_header = __nccwpck_require__(3101);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(7075);
;// CONCATENATED MODULE: external "node:stream/promises"
const external_node_stream_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");
;// CONCATENATED MODULE: ./lib/core/age/age-file.js








/** The age library (and the curves it checks keys with), loaded only to encrypt or decrypt. */
const ageLibrary = () => __nccwpck_require__.e(/* import() */ 855).then(__nccwpck_require__.bind(__nccwpck_require__, 855));
/** Counts and hashes what passes through. */
function hashing() {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    let digest;
    const tap = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
        }
    });
    return Object.assign(tap, {
        sha256: () => (digest ??= hash.digest('hex')),
        size: () => size
    });
}
/**
 * A recipient that wraps nothing: it only keeps the file key, so the file
 * just written can be decrypted and read back without any recipient's
 * secret key. The file holds the real recipients' stanzas only.
 */
class FileKeyWitness {
    fileKey;
    wrapFileKey(fileKey) {
        this.fileKey = new Uint8Array(fileKey);
        return [];
    }
}
/**
 * Encrypts `plain` to `recipients` into the file `to` (created, mode 0600).
 * Rejects with the first error of the source or the write.
 */
async function encryptStream(plain, recipients, to) {
    const { Encrypter } = await ageLibrary();
    const encrypter = new Encrypter();
    for (const recipient of recipients)
        encrypter.addRecipient(recipient);
    const witness = new FileKeyWitness();
    encrypter.addRecipient(witness);
    const tap = hashing();
    const source = plain.pipe(tap);
    plain.on('error', error => source.destroy(error));
    plain.on('close', () => {
        if (!plain.readableEnded)
            source.destroy(new Error('the input ended early'));
    });
    try {
        const cipher = await encrypter.encrypt(external_node_stream_.Readable.toWeb(source));
        await (0,external_node_stream_promises_namespaceObject.pipeline)(external_node_stream_.Readable.fromWeb(cipher), (0,external_node_fs_.createWriteStream)(to, { mode: 0o600 }));
        // on disk before it may take the target's name, as pg_dump syncs its own
        const written = await (0,promises_.open)(to, 'r+');
        await written.sync().finally(() => written.close());
    }
    catch (error) {
        // a writer (pg_dump) on the other end must not wait for a reader for good
        plain.destroy();
        throw error;
    }
    const fileKey = witness.fileKey;
    return {
        readBack: { unwrapFileKey: () => fileKey },
        plain: { sha256: tap.sha256(), size: tap.size() }
    };
}
/**
 * A decryption failure in words: which of the user's fixes applies, then
 * `outcome` (what the failure left undone).
 */
function decryptionError(file, error, keyName, outcome = 'Nothing was restored.') {
    if (error instanceof DecryptionFailed)
        return error;
    const message = error instanceof Error ? error.message : String(error);
    if (/no identity matched/.test(message)) {
        return new DecryptionFailed(`${file} is age-encrypted, but ${keyName} is not the secret key of any of its recipients. ` +
            `Give the AGE-SECRET-KEY-1… whose public key (age1…) the dump was encrypted to. ${outcome}`);
    }
    return new DecryptionFailed(`${file} is age-encrypted but cannot be decrypted: it is corrupt or cut short (${safeReason(message)}). ${outcome}`);
}
/**
 * A pass over an age file that fails to decrypt it after it was
 * authenticated whole: it changed since, and `target` may hold part of it.
 */
function changedError(file, error, target) {
    if (error instanceof DecryptionFailed)
        return error;
    const message = error instanceof Error ? error.message : String(error);
    return new DecryptionFailed(`${file} changed on disk during the restore: every chunk of it was authenticated before anything was restored, ` +
        `but reading it again failed to decrypt (${safeReason(message)}). ${target} may hold part of the dump: restore again from an intact copy.`);
}
/** The library's reason, kept only when it is one of its own short phrases (never key material). */
function safeReason(message) {
    return /^[\w ,.'-]{1,100}$/.test(message) ? message : 'invalid age data';
}
/**
 * The plaintext of the age file at `path`, as a stream. The header is read
 * and its MAC checked before this resolves (a wrong key rejects here); the
 * payload is authenticated chunk by chunk as it is read, and a cut or
 * altered file errors the stream. Rejections are the library's errors:
 * word them with {@link decryptionError}.
 */
async function decryptStream(path, identity) {
    const { Decrypter } = await ageLibrary();
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const cipher = (0,external_node_fs_.createReadStream)(path);
    try {
        const plain = await decrypter.decrypt(external_node_stream_.Readable.toWeb(cipher));
        return external_node_stream_.Readable.fromWeb(plain);
    }
    catch (error) {
        cipher.destroy();
        throw error;
    }
}
/** The stream's bytes as they are, each also given to `tap` (errors pass through). */
function tapped(stream, tap) {
    return external_node_stream_.Readable.from((async function* () {
        for await (const chunk of stream) {
            tap(chunk);
            yield chunk;
        }
    })(), { objectMode: false });
}
/**
 * Decrypts the whole age file at `path`, authenticating every chunk, and
 * keeps only the first `keep` bytes of the plaintext (a dump's header):
 * the rest is discarded as it passes, written nowhere. Rejects as
 * {@link decryptStream} does, or at the first chunk that fails (a file cut
 * short fails at its end).
 */
async function authenticate(path, identity, keep = 0) {
    const plain = await decryptStream(path, identity);
    const chunks = [];
    let held = 0;
    try {
        for await (const chunk of plain) {
            const bytes = chunk;
            if (held < keep) {
                chunks.push(bytes.subarray(0, keep - held));
                held += Math.min(bytes.length, keep - held);
            }
        }
    }
    finally {
        plain.destroy();
    }
    return Buffer.concat(chunks);
}
/**
 * The whole plaintext of a small age file (a roles and tablespaces script),
 * held in memory only, and its SHA-256. Rejects as {@link decryptStream}
 * does, or when a chunk fails to authenticate.
 */
async function decryptToMemory(path, identity) {
    const plain = await decryptStream(path, identity);
    const chunks = [];
    for await (const chunk of plain)
        chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    return {
        bytes,
        sha256: (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')
    };
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(7030);
;// CONCATENATED MODULE: ./lib/core/process/fifo.js
// FIFOs between the action and a tool, so that neither a dump's plaintext
// nor its decryption is ever a file: a tool (pg_restore, psql) reads what a
// stream feeds it, or pg_dump writes into a stream.






const POLL_MS = 20;
const pause = () => new Promise(resolve => setTimeout(resolve, POLL_MS));
/** Makes a FIFO (mode 0600); false where the system has none (Windows). */
function makeFifo(path) {
    if (process.platform === 'win32')
        return Promise.resolve(false);
    return new Promise(resolve => {
        (0,external_node_child_process_namespaceObject.execFile)('mkfifo', ['-m', '600', path], error => resolve(!error));
    });
}
/** A new FIFO in a tracked temporary folder, for the length of `fn`. */
async function withFifo(cancellation, fn) {
    return withTrackedTemp(cancellation, { prefix: 'age' }, async (dir) => {
        const fifo = (0,external_node_path_.join)(dir, 'dump.fifo');
        if (!(await makeFifo(fifo))) {
            throw new ToolError('command', 'An age-encrypted dump is streamed through a FIFO (mkfifo), which this system lacks: nothing is decrypted to disk.');
        }
        return fn(fifo);
    });
}
/**
 * Writes to a FIFO's writing end and waits until the bytes are handed to the
 * system (the buffer may then be reused); false once the reader has closed
 * its end.
 */
function writeToFifo(sink, bytes) {
    if (sink.destroyed)
        return Promise.resolve(false);
    return new Promise(resolve => sink.write(bytes, error => resolve(!error)));
}
/**
 * Runs `tool(fifo)` while `source()` is fed into the FIFO it reads. The
 * source opens only once the tool has opened the FIFO; a tool that ends
 * without opening it, or closes it early (`pg_restore --list` stops after
 * the table of contents), ends the feed. An error of the source (a cut or
 * altered age file) is thrown, before the tool's result is looked at.
 */
async function feedingFifo(cancellation, source, tool, 
/** read the source to its end even once the tool stopped reading */
drain = false) {
    return withFifo(cancellation, async (fifo) => {
        let toolEnded = false;
        const feed = (async () => {
            let fd;
            while (fd === undefined) {
                try {
                    fd = (0,external_node_fs_.openSync)(fifo, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_NONBLOCK);
                }
                catch (error) {
                    if (error.code !== 'ENXIO')
                        throw error;
                    if (toolEnded)
                        return;
                    await pause();
                }
            }
            const sink = new external_node_net_.Socket({ fd, readable: false, writable: true });
            // EPIPE once the tool stops reading: seen by writeToFifo()
            sink.on('error', () => { });
            let stream;
            try {
                stream = await source();
                let reading = true;
                for await (const chunk of stream) {
                    if (reading && !(await writeToFifo(sink, chunk))) {
                        if (!drain)
                            break;
                        reading = false;
                    }
                }
            }
            finally {
                stream?.destroy();
                sink.end();
            }
        })();
        feed.catch(() => { });
        const ran = tool(fifo).finally(() => {
            toolEnded = true;
        });
        const [result, fed] = await Promise.allSettled([ran, feed]);
        if (fed.status === 'rejected')
            throw fed.reason;
        if (result.status === 'rejected')
            throw result.reason;
        return result.value;
    });
}
/**
 * The FIFO's reading end as a stream, opened before the writer comes, and
 * the means to end it: a placeholder writer keeps the stream from ending
 * before pg_dump has opened the FIFO; `writerEnded()` (pg_dump has exited)
 * lets it end once what is in the pipe was read.
 */
function fifoSource(fifo) {
    const read = (0,external_node_fs_.openSync)(fifo, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
    let placeholder = (0,external_node_fs_.openSync)(fifo, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_NONBLOCK);
    const stream = new external_node_net_.Socket({ fd: read, readable: true, writable: false });
    return {
        stream,
        writerEnded: () => {
            if (placeholder === undefined)
                return;
            (0,external_node_fs_.closeSync)(placeholder);
            placeholder = undefined;
        }
    };
}

;// CONCATENATED MODULE: ./lib/core/restore/dump-input.js
// How a restore reads its dump: a file as it is, or an age file
// authenticated whole first, then decrypted afresh for each pass, into a
// FIFO a tool reads or a stream the core reads, so that no plaintext is
// ever written to disk.









/** The bytes of a source, from the start. */
async function openSource(source) {
    return typeof source === 'string' ? (0,external_node_fs_.createReadStream)(source) : source();
}
/** A dump file read as it is. */
function fileInput(file) {
    return {
        file,
        encrypted: false,
        source: file,
        read: (tool, bytes) => bytes === undefined || typeof bytes === 'string'
            ? tool(bytes ?? file)
            : Promise.reject(new Error('a file dump is read from its path'))
    };
}
/**
 * An age file, decrypted with `identity` for each pass. It was
 * authenticated whole before: a pass that fails to decrypt it says that it
 * changed since, and that the target may hold part of it.
 */
function ageInput(session, file, identity) {
    const failed = (error) => changedError(file, error, session.target);
    const source = () => decryptStream(file, identity).then(plain => wordErrors(plain, failed), (error) => {
        throw failed(error);
    });
    return {
        file,
        encrypted: true,
        source,
        read: (tool, bytes) => feedingFifo(session.cancellation, () => openSource(bytes ?? source), tool)
    };
}
/** The stream's bytes, its errors (a cut or altered payload) worded by `failed`. */
function wordErrors(plain, failed) {
    return external_node_stream_.Readable.from((async function* () {
        try {
            for await (const chunk of plain)
                yield chunk;
        }
        catch (error) {
            throw failed(error);
        }
    })(), { objectMode: false });
}
/**
 * The dump at `file` as a restore reads it, and its header: an age file
 * (told by its first line) needs `identity`, or fails saying so.
 */
async function openDump(session, file, identity, plainHeader) {
    const keyName = session.wording.name('decryptKey');
    const kind = await ageFileKind(file).catch(() => undefined);
    if (kind === undefined) {
        if (identity !== undefined) {
            session.logger.warning(`${keyName} is set, but ${file} is not age-encrypted: restoring it as it is.`);
        }
        return { input: fileInput(file), header: await plainHeader(file) };
    }
    const key = ageIdentity(session, file, kind, identity);
    const input = ageInput(session, file, key);
    // in a restore of several, others may have been restored before this one
    const head = await authenticated(session, file, key, 'Nothing of it was restored.');
    session.logger.info(`Decrypting ${file} (age) as it is read: nothing is decrypted to disk`);
    try {
        return { input, header: (0,archive_header/* headerOf */.rR)(head, file) };
    }
    catch (error) {
        if (!(error instanceof format/* UnrecognizedDumpError */.GT))
            throw error;
        throw new ToolError('failed', error.message);
    }
}
/**
 * The identity an age file (of `kind`) is opened with: DecryptionFailed
 * for an armored one, which is not read, or when there is no identity.
 */
function ageIdentity(session, file, kind, identity) {
    if (kind === 'armored') {
        throw new DecryptionFailed(`${file} is an ASCII-armored age file (age -a), which is not read here: encrypt the dump without -a, or decode it first. Nothing was restored.`);
    }
    if (identity === undefined) {
        throw new DecryptionFailed(`${file} is age-encrypted (age-encryption.org/v1): set ${session.wording.name('decryptKey')} to the secret key (AGE-SECRET-KEY-1…) of one of its recipients. Nothing was restored.`);
    }
    return identity;
}
const seen = new WeakMap();
/** What a write or a replacement of the file changes (ctime cannot be set back). */
async function fileState(file) {
    const s = await (0,promises_.stat)(file, { bigint: true });
    return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
}
/**
 * Decrypts the whole age file, every chunk authenticated, before anything
 * of it is applied; keeps its header and discards the rest. A file this
 * run authenticated and nothing wrote since is not decrypted again. A
 * later pass reads the file again: see docs/reliability.md for what holds
 * when it changes in between.
 */
async function authenticated(session, file, key, outcome) {
    const done = seen.get(session.cancellation) ?? new Map();
    seen.set(session.cancellation, done);
    const state = await fileState(file);
    const known = done.get(file);
    if (known?.state === state && known.key === key)
        return known.head;
    const keyName = session.wording.name('decryptKey');
    const started = performance.now();
    const head = await authenticate(file, key, archive_header/* HEADER_BYTES */.q2).catch((error) => {
        throw decryptionError(file, error, keyName, outcome);
    });
    session.logger.info(`Authenticated every chunk of ${file} (age) in ${formatDuration(performance.now() - started)}, before restoring it; the plaintext was discarded`);
    if ((await fileState(file)) === state)
        done.set(file, { state, key, head });
    return head;
}
/**
 * Throws DecryptionFailed unless `identity` opens each age file of `files`
 * and every chunk of it authenticates (a cut or altered file fails here);
 * other files pass. Run before anything of a dump of several is applied.
 */
async function checkKeyOpens(session, files, identity) {
    for (const file of files) {
        const kind = await ageFileKind(file).catch(() => undefined);
        if (kind === undefined)
            continue;
        await authenticated(session, file, ageIdentity(session, file, kind, identity));
    }
}

;// CONCATENATED MODULE: ./lib/core/restore/extensions.js

/** Asks the target its extensions and who the user is there, as JSON: {@link TargetState}. */
const TARGET_STATE_SQL = `SELECT json_build_object('user', current_user, 'extensions', coalesce((
  SELECT json_agg(json_build_object(
    'name', e.extname,
    'owner', pg_get_userbyid(e.extowner),
    'config', coalesce((
      SELECT json_agg(json_build_object(
        'schema', n.nspname, 'table', c.relname,
        'insert', has_table_privilege(c.oid, 'INSERT')))
      FROM unnest(e.extconfig) AS cfg(oid)
      JOIN pg_class c ON c.oid = cfg.oid
      JOIN pg_namespace n ON n.oid = c.relnamespace), '[]')))
  FROM pg_extension e), '[]'))`;
/** The target's state from TARGET_STATE_SQL's answer (undefined if it is not one: then asked again). */
function parseTargetState(answer) {
    try {
        const state = JSON.parse(answer);
        return Array.isArray(state.extensions) ? state : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Starts asking the target its state, to run while the dump's items are
 * listed; a failure is thrown where the answer is needed, and only then.
 */
function targetStateAhead(session, target) {
    const ahead = session
        .query(TARGET_STATE_SQL, 'list the extensions of the target database', target, true)
        .then(answer => JSON.parse(answer));
    ahead.catch(() => { });
    return ahead;
}
/**
 * Whether {@link targetsOwn} may leave out any item of a dump that creates
 * `extensions`: the target has one of them, or an extension whose
 * configuration table the user may not write. When not, the dump's items
 * need not be listed.
 */
function targetMayOwn(extensions, state) {
    if (extensions.length === 0)
        return false;
    return state.extensions.some(e => extensions.includes(e.name) || e.config.some(c => !c.insert));
}
/** The verdict on one entry of the dump, given the target's extensions. */
function judgeEntry(entry, extensions) {
    if (entry.kind !== 'data') {
        const existing = extensions.find(e => e.name === entry.name);
        if (!existing)
            return { action: 'keep' };
        return {
            action: 'skip',
            why: entry.kind === 'extension'
                ? `extension ${entry.name}: already in the target (owned by ${existing.owner}), not created again`
                : `comment on extension ${entry.name}: the target's extension keeps its own`
        };
    }
    for (const extension of extensions) {
        const table = extension.config.find(c => c.schema === entry.schema && c.table === entry.table);
        if (table && !table.insert)
            return { action: 'count', extension, owner: extension.owner };
    }
    return { action: 'keep' };
}
/**
 * Why an item is left out as it passes (the target has its extension), or
 * undefined: kept. For a script read once, into a target where no
 * configuration table needs its rows counted first.
 */
function skipAsItPasses(entry, extensions) {
    const verdict = judgeEntry(entry, extensions);
    return verdict.action === 'skip' ? verdict.why : undefined;
}
/** The verdict on a configuration table's data once its rows are counted. */
function judgeRows(entry, rows, extension, user) {
    const table = `${entry.schema}.${entry.table}`;
    if (rows === 0) {
        return {
            action: 'skip',
            why: `data of ${table}: a configuration table of the extension ${extension.name} that ${user} may not write, and the dump holds no rows for it`
        };
    }
    throw new ToolError('failed', `The dump holds ${rows} row(s) for ${table}, a configuration table of the extension ${extension.name} (owned by ${extension.owner}), ` +
        `and ${user} may not insert into it, so they cannot be restored. Ask the DBA to GRANT INSERT ON ${table} TO ${user} ` +
        `(or to restore those rows as ${extension.owner}), then restore again. Nothing was restored.`);
}
/**
 * The items of a dump (TOC lines, script sections) to leave out because the
 * target already has them, with the reasons logged. `entryOf` says what an
 * item is; `rowsOf` counts a data item's rows when that decides.
 * `ahead`: the target's state, asked beforehand (targetStateAhead).
 * Throws when a configuration table's rows cannot be restored.
 */
async function targetsOwn(session, target, items, entryOf, rowsOf, ahead) {
    const skipped = new Set();
    const whys = [];
    if (!items.some(item => entryOf(item)?.kind === 'extension'))
        return skipped;
    const { user, extensions } = await (ahead ??
        targetStateAhead(session, target));
    for (const item of items) {
        const entry = entryOf(item);
        const verdict = entry ? judgeEntry(entry, extensions) : undefined;
        if (!entry || !verdict || verdict.action === 'keep')
            continue;
        if (verdict.action === 'skip')
            whys.push(verdict.why);
        else if (entry.kind === 'data')
            whys.push(judgeRows(entry, await rowsOf(item), verdict.extension, user).why);
        else
            continue;
        skipped.add(item);
    }
    if (whys.length)
        session.logger.info(`Skipped, as the target already has them: ${whys.join('; ')}`);
    return skipped;
}

;// CONCATENATED MODULE: ./lib/core/restore/options.js

/** Throws a command ToolError for a combination that cannot be done. */
function checkRestoreOptions(o, format, hasDbname, w) {
    const refuse = (message) => {
        throw new ToolError('command', message, {
            tool: format === 'plain' ? 'psql' : 'pg_restore'
        });
    };
    const excluded = o.excludeSchemas ?? [];
    if (format === 'plain' && excluded.length > 0) {
        refuse(`Cannot exclude schemas (${excluded.join(', ')}) from a plain SQL dump: ` +
            'psql runs the whole script. Exclude them when dumping, or dump in custom format.');
    }
    if (o.singleTransaction && o.ignoreErrors) {
        refuse(`${w.name('singleTransaction')} makes the restore all or nothing: it cannot also ignore errors.`);
    }
    if (o.singleTransaction && (o.jobs ?? 1) > 1 && format !== 'plain') {
        refuse('pg_restore cannot restore in a single transaction with several jobs: choose one.');
    }
    if (o.clean && format === 'plain') {
        refuse(`${w.name('clean')} needs an archive (custom, directory or tar): a plain SQL dump runs as written. Dump in custom format, or restore into an empty database.`);
    }
    const databases = o.databases ?? [];
    const repeated = databases.find((name, i) => databases.indexOf(name) !== i);
    if (repeated !== undefined) {
        refuse(`The database ${repeated} is named twice among the databases to restore into: name each once.`);
    }
    if (o.createDatabase && !o.databases?.length && !hasDbname) {
        refuse(`${w.name('createDatabase')} needs the database name: name it in the connection string or in ${w.name('dbname')}.`);
    }
}

;// CONCATENATED MODULE: ./lib/core/restore/version-warnings.js
/** The warning for restoring `origin` into `target`, or undefined when none is due. */
function olderTargetWarning(origin, target, w) {
    const from = origin.dumpedFrom;
    const by = origin.dumpedBy;
    const olderThanSource = from !== undefined && target.major < from.major;
    // pg_dump 17+ writes SET transaction_timeout, unknown to older servers
    const olderThanDumper = by !== undefined && by.major >= 17 && target.major < 17;
    if (!olderThanSource && !olderThanDumper)
        return undefined;
    const expected = [
        ...(olderThanDumper
            ? [
                'unrecognized configuration parameter "transaction_timeout" (written by pg_dump 17 and later)'
            ]
            : []),
        'syntax errors or unknown options for features the older server lacks (e.g. new CREATE TABLE, index or publication options)',
        'functions, types or catalog columns that do not exist in the older server'
    ];
    const source = from ? `a PostgreSQL ${from.text} server` : 'a newer server';
    const dumper = by ? ` by pg_dump ${by.text}` : '';
    return (`Restoring a dump of ${source}${dumper} into PostgreSQL ${target.text}, which is older. ` +
        `Errors that usually follow:\n- ${expected.join('\n- ')}\n` +
        `Restore into a server of version ${from?.major ?? by?.major} or newer, or set ${w.name('ignoreErrors')} to accept a partial restore.`);
}

;// CONCATENATED MODULE: ./lib/core/restore/plan.js
// A restore's plan, settled before anything touches the target: what the
// dump is (from its bytes, decrypted or not), the options checked against
// it, the server asked its version, a client chosen that reads the dump.











/**
 * Recognises the dump and checks the options against it and the server;
 * the plan of the restore. `opened`: a dump streamed from its store, its
 * head read (`options.file` then only names it).
 */
async function planRestore(session, options, opened) {
    const file = opened ? options.file : (0,external_node_path_.resolve)(options.file);
    const databases = [...(options.databases ?? [])];
    const { logger, wording } = session;
    const { input, header } = opened ?? (await openDump(session, file, options.decryptKey, recognise));
    const { format } = header;
    const tool = format === 'plain' ? 'psql' : 'pg_restore';
    checkRestoreOptions(options, format, session.connection.dbname !== undefined, wording);
    logOrigin(session, header);
    // targets that may not exist yet: ask the maintenance database; the
    // target itself, its state too, in the same round trip
    const own = databases.length === 0 && !options.createDatabase;
    // read while psql checks the connection: whether to list the dump first
    // depends on it and on the target's state (see runArchive)
    const listable = own &&
        !options.excludeSchemas?.length &&
        !input.encrypted &&
        !input.streamed;
    const toc = format === 'custom' && listable
        ? (0,custom_toc/* readCustomToc */.K6)(input.file).catch(() => undefined)
        : undefined;
    const { version: server, answer } = await session.connect(own ? undefined : session.maintenance, own ? TARGET_STATE_SQL : undefined);
    const warning = olderTargetWarning(header, server, wording);
    if (warning)
        logger.warning(warning);
    const client = await session.client({
        ...readerNeed(header, tool),
        // psql itself refuses the script's meta-commands (restricted mode)
        restricted: tool === 'psql' && !options.allowMetaCommands
    });
    const jobs = options.jobs ?? 1;
    const parallel = PARALLEL_RESTORE_FORMATS.includes(format) &&
        !input.encrypted &&
        !input.streamed;
    if (jobs > 1 && !parallel) {
        logger.warning(input.encrypted
            ? `jobs ${jobs}: an age-encrypted dump is decrypted as a stream, which pg_restore reads with one job only; restoring with one job.`
            : `jobs ${jobs}: pg_restore runs in parallel only for custom and directory archives; restoring ${format} with one job.`);
    }
    return {
        file,
        format,
        header,
        tool,
        input,
        databases,
        server,
        client,
        ...(parallel && { jobs }),
        targetState: answer === undefined ? undefined : parseTargetState(answer),
        ...(toc && { toc })
    };
}
/**
 * The dump's format and header, read once; ToolErrors when unreadable. A
 * FIFO, socket or device is refused before it is opened (reading a FIFO
 * waits for a writer for good).
 */
async function recognise(file) {
    try {
        const special = (0,format/* specialFileKind */.QD)(await (0,promises_.stat)(file));
        if (special) {
            throw new ToolError('command', `Cannot restore ${file}: it is ${special}. Expected ${format/* DUMP_PATHS */.yM}.`);
        }
        return await (0,archive_header/* readArchiveHeader */.Qz)(file);
    }
    catch (error) {
        if (error instanceof ToolError)
            throw error;
        if (error instanceof format/* UnrecognizedDumpError */.GT)
            throw new ToolError('failed', error.message);
        throw new ToolError('command', `Cannot read the dump ${file}: ${error.message}`);
    }
}
function logOrigin(session, header) {
    const { dumpedFrom: from, dumpedBy: by } = header;
    if (!from && !by)
        return;
    session.logger.info(`The dump was made${from ? ` from PostgreSQL ${from.text}` : ''}` +
        `${by ? ` by pg_dump ${by.text}` : ''}`);
}
/** The client a dump needs: one at least as new as what wrote it. */
function readerNeed(header, tool) {
    const major = (0,archive_header/* minimumReaderMajor */.Z2)(header);
    return major === undefined
        ? { major: 0, why: 'the dump', tool }
        : {
            major,
            why: `the dump (made by pg_dump ${header.dumpedBy?.text ?? major})`,
            tool
        };
}

;// CONCATENATED MODULE: ./lib/core/restore/tool-errors.js
// Reads the errors pg_restore and psql print, so a failed or tolerated
// restore can be reported as a list a person can act on.
/** How many errors a message lists before it only counts the rest. */
const ERRORS_SHOWN = 20;
const LINES_PER_ERROR = 6;
const PG_RESTORE_ENTRY = /^pg_restore: (error|warning|detail|hint): /;
const PG_RESTORE_IGNORED = /errors ignored on restore: (\d+)/;
// psql prefixes script messages with "psql:<file>:<line>: <LEVEL>:"
const PSQL_ENTRY = /^psql:.*?:\d+: (ERROR|FATAL|PANIC|error|WARNING|NOTICE|INFO):/;
const PSQL_LINE = /^psql:.*?:(\d+): /;
const COPY_CONTEXT = /^CONTEXT: +COPY (.+), line \d+/;
const PSQL_ERROR_LEVELS = new Set(['ERROR', 'FATAL', 'PANIC', 'error']);
function splitEntries(stderr, start) {
    const entries = [];
    for (const line of stderr.split(/\r?\n/)) {
        const match = start.exec(line);
        if (match)
            entries.push({ level: match[1], lines: [line] });
        else if (line.trim() !== '' && entries.length > 0)
            entries[entries.length - 1].lines.push(line);
    }
    return entries;
}
function render(entry, prefix) {
    const lines = entry.lines.slice(0, LINES_PER_ERROR);
    lines[0] = lines[0].replace(prefix, '');
    if (entry.lines.length > LINES_PER_ERROR)
        lines.push('…');
    return lines.join('\n');
}
/** The errors in pg_restore's stderr and its closing count, if any. */
function parsePgRestoreOutput(stderr) {
    const errors = splitEntries(stderr, PG_RESTORE_ENTRY)
        .filter(e => e.level === 'error')
        .map(e => render(e, /^pg_restore: error: /));
    const count = PG_RESTORE_IGNORED.exec(stderr);
    return {
        errors,
        ignoredCount: count ? Number(count[1]) : undefined
    };
}
/** The errors in psql's stderr when it ran a script. */
function parsePsqlOutput(stderr) {
    const entries = splitEntries(stderr, PSQL_ENTRY).filter(e => PSQL_ERROR_LEVELS.has(e.level));
    const copyContexts = entries.flatMap(e => e.lines.flatMap(line => COPY_CONTEXT.exec(line)?.[1] ?? []));
    return {
        errors: entries.map(e => render(e, /^psql:/)),
        lines: entries.map(e => Number(PSQL_LINE.exec(e.lines[0])?.[1] ?? 0)),
        copyContexts
    };
}
/** The first ERRORS_SHOWN errors, then how many more there were. */
function listErrors(errors, total = errors.length) {
    const shown = errors.slice(0, ERRORS_SHOWN);
    const rest = total - shown.length;
    const more = rest > 0 ? [`… and ${rest} more`] : [];
    return [...shown, ...more].join('\n');
}

// EXTERNAL MODULE: ./lib/core/process/runner.js
var process_runner = __nccwpck_require__(6911);
;// CONCATENATED MODULE: ./lib/core/restore/outcome.js
// Decides whether a pg_restore or psql run restored successfully, from its
// exit code and the errors it printed.



const tables = (copies) => copies.map(c => c.table).join(', ');
/** Judges a restore run; throws a failed ToolError when it failed. */
function judgeRestore(tool, result, ignoreErrors, target, w, plain) {
    const report = tool === 'psql'
        ? parsePsqlOutput(result.stderr)
        : parsePgRestoreOutput(result.stderr);
    if (result.exitCode === 0 && report.errors.length === 0)
        return { ignoredErrors: 0 };
    // pg_restore exits 1 both for tolerated statement errors (then it prints
    // its count) and for fatal ones (connection, unreadable archive): only
    // the former may be ignored. psql exits 0 when it carried on past errors.
    const tolerable = tool === 'psql' ? result.exitCode === 0 : report.ignoredCount !== undefined;
    const total = Math.max(report.ignoredCount ?? 0, report.errors.length);
    if (plain && !plain.quote) {
        // psql's messages echo the lines they failed on: say where, not what
        report.errors = report.errors.map((_, i) => `line ${report.lines?.[i] ?? '?'} of the script (the message is not shown: the file is not a pg_dump dump, and psql's messages may quote its lines; the debug log has them)`);
    }
    const copies = plain?.failedCopies ?? [];
    const runaway = copies.filter(c => c.dataRanAsSql);
    if (tolerable && ignoreErrors && runaway.length === 0) {
        const lost = copies.length
            ? `\nThe rows of ${tables(copies)} were not restored: ${copies.length > 1 ? 'their COPYs' : 'its COPY'} failed.`
            : '';
        return {
            ignoredErrors: total,
            warning: `Ignored ${total} error(s) ${tool} reported restoring into ${target}:\n` +
                listErrors(report.errors, total) +
                lost
        };
    }
    const existing = conflicts(report.errors);
    const advice = existing.length
        ? `\nThe target database already holds objects the dump creates: ${existing.slice(0, 10).join(', ')}${existing.length > 10 ? `, … (${existing.length} in all)` : ''}. ` +
            `Restore with ${w.name('clean')} to drop them first, or into an empty database (${w.name('createDatabase')} creates a missing one). ` +
            `(${w.name('ignoreErrors')} would keep the existing objects but still load the dump's rows into them, duplicating the rows of tables without a unique key.)`
        : '';
    const message = tolerable || report.errors.length > 0
        ? `${tool} reported ${total} error(s):\n${listErrors(report.errors, total)}${advice}` +
            plainAdvice(result, report.lines ?? [], runaway, ignoreErrors, w, plain)
        : (0,process_runner/* failureMessage */.oh)(tool, result);
    throw new ToolError('failed', message, {
        tool,
        exitCode: result.exitCode,
        stderr: result.stderr
    });
}
/** The objects that already existed, from "… "name" already exists" errors. */
function conflicts(errors) {
    const found = new Set();
    for (const error of errors) {
        const m = /ERROR: +(?:([a-z ]+?) )?"([^"]+)" already exists/.exec(error);
        if (m)
            found.add(m[1] ? `${m[1]} ${m[2]}` : m[2]);
    }
    return [...found];
}
/** What a failed plain restore applied, and what it lost. */
function plainAdvice(result, lines, runaway, ignoreErrors, w, plain) {
    if (!plain)
        return '';
    if (ignoreErrors && runaway.length) {
        return (`\nThe COPY of ${tables(runaway)} failed, so ${runaway.length > 1 ? 'their' : 'its'} rows were not restored and psql read them as SQL statements: ` +
            `the rest of the script may not have run as written, and later tables may have lost rows. ` +
            `${w.name('ignoreErrors')} cannot make such a restore whole: fix the cause (often a missing table or privilege), or restore into an empty database.`);
    }
    // psql exits 3 when ON_ERROR_STOP ends the script
    if (result.exitCode !== 3)
        return '';
    const at = lines.at(-1);
    const where = at ? ` at line ${at} of the script` : '';
    return plain.singleTransaction
        ? `\npsql stopped${where}: the restore ran in a single transaction, so nothing of it was applied.`
        : `\npsql stopped${where}: the statements before it were applied, the rest of the script was not run.`;
}

;// CONCATENATED MODULE: external "node:readline"
const external_node_readline_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline");
;// CONCATENATED MODULE: ./lib/core/restore/plain-script.js
// What a plain SQL script says at the lines psql reported errors on: which
// COPY failed, so a restore can say whose rows were not restored.


/** A `COPY <table> [(columns)] FROM stdin;` line, as pg_dump writes it; captures the table. */
const COPY_START = /^COPY (.+?) (?:\(.*\) )?FROM stdin;$/;
/** The text of the given lines of a file (1-based), read as a stream. */
async function scriptLines(file, wanted) {
    const found = new Map();
    const lines = new Set(wanted.filter(n => n > 0));
    const last = Math.max(0, ...lines);
    if (last === 0)
        return found;
    const input = await openSource(file);
    input.setEncoding('utf8');
    input.on('error', () => { });
    const reader = (0,external_node_readline_namespaceObject.createInterface)({ input, crlfDelay: Infinity });
    let number = 0;
    for await (const line of reader) {
        number++;
        if (lines.has(number))
            found.set(number, line);
        if (number >= last)
            break;
    }
    reader.close();
    input.destroy();
    return found;
}
/**
 * The COPYs psql reported failing, from its errors and the script's lines
 * (of a script read once: its COPY lines, by number).
 */
async function failedCopies(file, report) {
    const failed = new Map();
    for (const table of report.copyContexts ?? [])
        failed.set(table, { table, dataRanAsSql: false });
    const lines = file instanceof Map
        ? new Map((report.lines ?? []).flatMap(n => file.has(n) ? [[n, file.get(n)]] : []))
        : await scriptLines(file, report.lines ?? []);
    for (const text of lines.values()) {
        const table = COPY_START.exec(text)?.[1];
        if (table !== undefined)
            failed.set(table, { table, dataRanAsSql: true });
    }
    return [...failed.values()];
}

;// CONCATENATED MODULE: ./lib/core/archive/toc.js
// Reads and edits a pg_restore table of contents (`pg_restore --list`): the
// one parser of its lines. Entries are `<id>; <table oid> <oid> <desc…>`;
// comment lines start with `;`.
//
// pg_restore's --exclude-schema leaves out the objects in a schema but still
// creates the schema itself (and its comment): its own entries are not "in"
// the schema. Dropping those entries from the list makes an excluded schema
// truly absent.
const ENTRY_START = /^\d+;/;
const ENTRY = /^\d+; \d+ \d+ (.*)$/;
const SCHEMA_ENTRY = 'SCHEMA - ';
// entries that belong to a schema object, with the schema name quoted as an identifier
const ON_SCHEMA = [
    'COMMENT - SCHEMA ',
    'ACL - SCHEMA ',
    'SECURITY LABEL - SCHEMA '
];
/** The entry lines of a list, comments and blanks left out. */
function tocEntries(list) {
    return list.split('\n').filter(line => ENTRY_START.test(line));
}
/** How many entries a table of contents lists. */
function tocEntryCount(list) {
    return tocEntries(list).length;
}
/** The dump id an entry line starts with. */
function entryId(line) {
    return Number.parseInt(line, 10);
}
/**
 * Splits a table of contents into `parts` lists, so that several pg_restore
 * processes can read an archive back at once (each `--use-list` reads only
 * its entries' data). The heaviest entries are dealt first, each to the
 * lightest part (equal weights: round-robin); each part keeps the order of
 * the table of contents.
 */
function splitToc(list, parts, weight = () => 1) {
    const entries = tocEntries(list).map((line, index) => ({
        line,
        index,
        weight: weight(line)
    }));
    const count = Math.max(1, Math.min(parts, entries.length));
    const lists = Array.from({ length: count }, () => ({
        total: 0,
        entries: []
    }));
    for (const entry of [...entries].sort((a, b) => b.weight - a.weight)) {
        const lightest = lists.reduce((min, l) => (l.total < min.total ? l : min));
        lightest.entries.push(entry);
        lightest.total += entry.weight;
    }
    return lists.map(l => `${l.entries
        .sort((a, b) => a.index - b.index)
        .map(e => e.line)
        .join('\n')}\n`);
}
/** What an entry line holds after its oids: `<desc> <schema> <tag> <owner>`. */
function entryBody(line) {
    return ENTRY.exec(line)?.[1];
}
const DEPENDS_ON = /^;\s*depends on:((?: \d+)*)\s*$/;
/**
 * The dump ids of a "depends on" line, which `--list --verbose` prints after
 * an entry; undefined for any other line.
 */
function dependsOn(line) {
    const ids = DEPENDS_ON.exec(line)?.[1].trim();
    return ids === undefined ? undefined : ids ? ids.split(' ').map(Number) : [];
}
/** Drops the trailing owner from "<tag> <owner>". */
function withoutOwner(tagAndOwner) {
    const at = tagAndOwner.lastIndexOf(' ');
    return at < 0 ? tagAndOwner : tagAndOwner.slice(0, at);
}
/** "My Schema" (as fmtId quotes it) → My Schema; bare names stay as they are. */
function unquoteIdent(ident) {
    return ident.startsWith('"') && ident.endsWith('"') && ident.length >= 2
        ? ident.slice(1, -1).replace(/""/g, '"')
        : ident;
}
/** The schema an entry creates or describes, if it is a schema's own entry. */
function schemaOfEntry(line) {
    const body = ENTRY.exec(line)?.[1];
    if (body === undefined)
        return undefined;
    if (body.startsWith(SCHEMA_ENTRY)) {
        return withoutOwner(body.slice(SCHEMA_ENTRY.length));
    }
    const prefix = ON_SCHEMA.find(p => body.startsWith(p));
    if (prefix)
        return unquoteIdent(withoutOwner(body.slice(prefix.length)));
    return undefined;
}
/** The list without the entries that create or describe the given schemas. */
function withoutSchemaEntries(list, schemas) {
    const excluded = new Set(schemas);
    return list
        .split('\n')
        .filter(line => {
        const schema = schemaOfEntry(line);
        return schema === undefined || !excluded.has(schema);
    })
        .join('\n');
}
/** The schemas an archive creates, and public, which every database has. */
function tocSchemas(list) {
    const names = new Set(['public']);
    for (const line of tocEntries(list)) {
        const body = ENTRY.exec(line)?.[1];
        if (body?.startsWith(SCHEMA_ENTRY))
            names.add(withoutOwner(body.slice(SCHEMA_ENTRY.length)));
    }
    return [...names].sort();
}
const EXTENSION = /^\d+; \d+ \d+ EXTENSION - (\S+)/;
const EXTENSION_COMMENT = /^\d+; \d+ \d+ COMMENT - EXTENSION (\S+)/;
const TABLE_DATA = /^\d+; \d+ \d+ TABLE DATA (\S+) (\S+) /;
/** An entry line as an extension, its comment or table data; undefined for the rest. */
function extensionEntry(line) {
    const extension = EXTENSION.exec(line);
    if (extension)
        return { kind: 'extension', name: extension[1] };
    const comment = EXTENSION_COMMENT.exec(line);
    if (comment)
        return { kind: 'comment', name: comment[1] };
    const data = TABLE_DATA.exec(line);
    if (data)
        return { kind: 'data', schema: data[1], table: data[2] };
    return undefined;
}

;// CONCATENATED MODULE: ./lib/core/archive/toc-uses.js

// entry kinds of more than one word (pg_dump's descs); the others are one
const MULTI_WORD = [
    'TABLE DATA',
    'SEQUENCE SET',
    'SEQUENCE OWNED BY',
    'FK CONSTRAINT',
    'CHECK CONSTRAINT',
    'DEFAULT ACL',
    'MATERIALIZED VIEW DATA',
    'MATERIALIZED VIEW',
    'TEXT SEARCH CONFIGURATION',
    'TEXT SEARCH DICTIONARY',
    'TEXT SEARCH PARSER',
    'TEXT SEARCH TEMPLATE',
    'OPERATOR CLASS',
    'OPERATOR FAMILY',
    'FOREIGN TABLE',
    'FOREIGN DATA WRAPPER',
    'FOREIGN SERVER',
    'USER MAPPING',
    'EVENT TRIGGER',
    'LARGE OBJECT',
    'BLOB METADATA',
    'PROCEDURAL LANGUAGE',
    'SHELL TYPE',
    'ACCESS METHOD',
    'INDEX ATTACH',
    'TABLE ATTACH',
    'ROW SECURITY',
    'PUBLICATION TABLES IN SCHEMA',
    'PUBLICATION TABLE',
    'SUBSCRIPTION TABLE',
    'SECURITY LABEL',
    'DATABASE PROPERTIES',
    'STATISTICS DATA'
].sort((a, b) => b.length - a.length);
// entries whose tag is "<table> <name>": named "<name> on <schema>.<table>"
const ON_TABLE = new Set([
    'TRIGGER',
    'CONSTRAINT',
    'FK CONSTRAINT',
    'CHECK CONSTRAINT',
    'RULE',
    'POLICY'
]);
// entries nothing kept should be said to use: rows, comments, grants
const NOT_USED = new Set([
    'TABLE DATA',
    'SEQUENCE SET',
    'MATERIALIZED VIEW DATA',
    'COMMENT',
    'ACL',
    'SECURITY LABEL'
]);
const KINDS = {
    CONSTRAINT: 'table constraint',
    'FK CONSTRAINT': 'table constraint',
    DEFAULT: 'default value'
};
/** An identifier as pg_identify_object spells it: quoted unless plain. */
function ident(name) {
    return /^[a-z_][a-z0-9_$]*$/.test(name)
        ? name
        : `"${name.replace(/"/g, '""')}"`;
}
/** An entry's kind, schema and name; `schemas` are the dump's, longest first. */
function parseEntry(body, schemas) {
    const desc = MULTI_WORD.find(d => body.startsWith(`${d} `)) ?? body.split(' ')[0];
    const afterDesc = body.slice(desc.length + 1);
    // the namespace is '-' or a schema's name, which may hold spaces
    const schema = afterDesc.startsWith('- ')
        ? undefined
        : (schemas.find(s => afterDesc.startsWith(`${s} `)) ??
            afterDesc.split(' ')[0]);
    const rest = afterDesc.slice((schema ?? '-').length + 1);
    // the owner is the last word (empty for extensions)
    const tag = rest.slice(0, Math.max(0, rest.lastIndexOf(' ')));
    const kind = KINDS[desc] ?? desc.toLowerCase();
    const qualified = (name) => schema === undefined ? name : `${ident(schema)}.${name}`;
    const space = tag.indexOf(' ');
    let label;
    if (desc === 'SCHEMA')
        label = ident(tag);
    else if (ON_TABLE.has(desc) && space > 0)
        label = `${ident(tag.slice(space + 1))} on ${qualified(ident(tag.slice(0, space)))}`;
    else if (desc === 'DEFAULT' && space > 0)
        label = `for ${qualified(`${ident(tag.slice(0, space))}.${ident(tag.slice(space + 1))}`)}`;
    else
        label = qualified(tag.includes('(') ? tag : ident(tag));
    return {
        desc,
        schema: desc === 'SCHEMA' ? tag : schema,
        label: `${kind} ${label}`,
        kind
    };
}
/**
 * The uses, by entries of `list` kept in the restore, of entries in the
 * `excluded` schemas (or of their SCHEMA entries). `list` is the verbose
 * table of contents; `schemas` are the schemas the dump holds.
 */
function tocKeptUses(list, excluded, schemas) {
    const bySize = [...schemas].sort((a, b) => b.length - a.length);
    const out = new Set(excluded);
    const entries = new Map();
    const deps = new Map();
    let last;
    for (const line of list.split('\n')) {
        const body = entryBody(line);
        if (body !== undefined) {
            last = entryId(line);
            entries.set(last, {
                ...parseEntry(body, bySize),
                ofSchema: schemaOfEntry(line)
            });
            continue;
        }
        const ids = dependsOn(line);
        if (ids && last !== undefined)
            deps.set(last, ids);
    }
    const isOut = (e) => (e.schema !== undefined && out.has(e.schema)) ||
        (e.ofSchema !== undefined && out.has(e.ofSchema));
    const uses = new Map();
    for (const [id, entry] of entries) {
        if (isOut(entry))
            continue;
        for (const dep of deps.get(id) ?? []) {
            const used = entries.get(dep);
            if (!used || !isOut(used) || NOT_USED.has(used.desc))
                continue;
            uses.set(`${entry.label}\n${used.label}`, {
                dependent: entry.label,
                kind: entry.kind,
                object: entry.label,
                objectKind: entry.kind,
                used: used.label,
                usedKind: used.kind
            });
        }
    }
    return [...uses.values()].sort((a, b) => a.dependent.localeCompare(b.dependent) || a.used.localeCompare(b.used));
}

;// CONCATENATED MODULE: ./lib/core/kept-objects.js
// Kept objects that use what an excluded schema holds, as one wording at dump
// (from the catalogue) and at restore (from the dump's table of contents):
// uses of an extension's members as one line per extension, the rest named.
/** How many uses a warning names before it counts the rest. */
const NAMED = 20;
const plural = (kind, n) => n === 1
    ? kind
    : /(s|x|ch|sh)$/.test(kind)
        ? `${kind}es`
        : /[^aeiou]y$/.test(kind)
            ? `${kind.slice(0, -1)}ies`
            : `${kind}s`;
/** `a, b and c` */
function andList(items) {
    return items.length > 1
        ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
        : (items[0] ?? '');
}
/** `3 tables, 2 indexes and 1 view`, the largest count first. */
function countsByKind(kinds) {
    const counts = new Map();
    for (const kind of kinds)
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
    return andList([...counts]
        .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
        .map(([kind, n]) => `${n} ${plural(kind, n)}`));
}
/** The line of one extension: what uses its members, and which kinds of them. */
function extensionLine(extension, uses, createsExtensions) {
    const objects = new Map(uses.map(u => [`${u.objectKind} ${u.object}`, u]));
    const usedKinds = [...new Set(uses.map(u => u.usedKind))].sort();
    return (`Kept objects (${countsByKind([...objects.values()].map(u => u.objectKind))}) ` +
        `use ${andList(usedKinds.map(k => plural(k, 2)))} of extension ${extension}: the target needs it ` +
        (createsExtensions
            ? '(the dump still creates it).'
            : '(the dump does not create it: create it in the target first).'));
}
/**
 * The warnings for kept objects that use what the `excluded` schemas hold:
 * one per extension whose members they use, and one naming the rest, the
 * first {@link NAMED} by name and the others counted by kind. `when` words
 * the last sentence: a dump restored later, or this restore.
 */
function keptUsesWarnings(uses, excluded, when) {
    const byExtension = new Map();
    const named = [];
    const kinds = new Map();
    for (const use of uses) {
        if (use.extension) {
            const list = byExtension.get(use.extension);
            if (list)
                list.push(use);
            else
                byExtension.set(use.extension, [use]);
            continue;
        }
        const item = `${use.dependent} (uses ${use.used})`;
        if (kinds.has(item))
            continue;
        kinds.set(item, use.kind);
        named.push(item);
    }
    const warnings = [...byExtension]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, list]) => extensionLine(name, list, when.createsExtensions));
    if (named.length) {
        const rest = named.slice(NAMED);
        const more = rest.length
            ? `; … and ${rest.length} more (${countsByKind(rest.map(i => kinds.get(i) ?? 'object'))})`
            : '';
        warnings.push(`Kept objects use the excluded schema${excluded.length > 1 ? 's' : ''} ${excluded.join(', ')}: ` +
            `${named.slice(0, NAMED).join('; ')}${more}. ` +
            (when.at === 'dump'
                ? 'Restoring this dump fails on them unless the target holds those objects already.'
                : 'This restore fails on them unless the target holds those objects already.'));
    }
    return warnings;
}

;// CONCATENATED MODULE: ./lib/core/schema-patterns.js
// One grammar for schema lists, at dump and at restore: names as the
// catalogue spells them (case-sensitive, no quoting needed) with pg_dump's
// `*` and `?` wildcards. An item wholly in double quotes is an exact name
// (`"a*b"` is the schema a*b), for users who quote out of habit.
function read(item) {
    if (item.length >= 2 && item.startsWith('"') && item.endsWith('"')) {
        return { text: item.slice(1, -1).replace(/""/g, '"'), exact: true };
    }
    return { text: item, exact: false };
}
const quote = (literal) => `"${literal.replace(/"/g, '""')}"`;
/**
 * The item as a pg_dump pattern that means the same: every literal run
 * double-quoted (so case is kept and `.` is no separator), `*` and `?`
 * left as wildcards.
 */
function pgDumpPattern(item) {
    const { text, exact } = read(item);
    if (exact)
        return quote(text);
    return text
        .split(/([*?])/)
        .filter(part => part !== '')
        .map(part => (part === '*' || part === '?' ? part : quote(part)))
        .join('');
}
/** Whether `name` is one the item means. */
function matchesSchema(item, name) {
    const { text, exact } = read(item);
    if (exact)
        return name === text;
    const source = text
        .split(/([*?])/)
        .map(part => part === '*'
        ? '.*'
        : part === '?'
            ? '.'
            : part.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))
        .join('');
    return new RegExp(`^${source}$`, 's').test(name);
}
/** The names among `names` the items mean, and the items that mean none. */
function matchSchemas(items, names) {
    const matched = names.filter(name => items.some(item => matchesSchema(item, name)));
    const unmatched = items.filter(item => !names.some(name => matchesSchema(item, name)));
    return { matched, unmatched };
}
/** The warning for items that match no schema, naming the schemas there are. */
function unmatchedWarning(option, unmatched, names, where) {
    if (unmatched.length === 0)
        return undefined;
    return (`${option}: ${unmatched.map(i => `'${i}'`).join(', ')} ` +
        `${unmatched.length > 1 ? 'match' : 'matches'} no schema of ${where}. Its schemas are: ${names.join(', ') || 'none'}. ` +
        'Names are case-sensitive, as the catalogue spells them; * and ? are wildcards.');
}

;// CONCATENATED MODULE: ./lib/core/restore/stream-input.js
// A dump restored from a store's stream, no local copy (issue 24): its head
// is read first (of a custom archive, up to the end of its table of
// contents) to know what it is; `pg_restore --list` reads that head alone,
// and pg_restore or psql reads the head and the rest of the stream, once,
// through a FIFO, to its very end (so that the store's own check of it
// runs), hashed as it passes. When the stream fails, the tool is ended
// before it sees the stream's end (psql would commit a single transaction
// there). What a stream cannot restore is told before anything is run.









/** A streamed dump this restore cannot take as a stream, found before anything ran: fetch it instead. */
class StreamRefused extends Error {
}
/** Reads the stream's first chunks until `enough` says they suffice, or it ends. */
async function readUntil(chunks, held, enough) {
    let bytes = Buffer.concat(held);
    while (!enough(bytes)) {
        const next = await chunks.next();
        if (next.done)
            break;
        held.push(next.value);
        bytes = Buffer.concat(held);
    }
    held.splice(0, held.length, bytes);
    return bytes;
}
/**
 * Reads the head of `stream` (the dump `name`): a custom archive or a
 * plain script (`plain`: when psql may read one as it streams) it can
 * restore as it streams; for anything else, why not (the caller then
 * brings the dump to a file; the stream is spent).
 */
async function openStream(session, name, stream, plain) {
    if (process.platform === 'win32') {
        return { refused: 'this system has no FIFOs to feed the tools from' };
    }
    const chunks = stream[Symbol.asyncIterator]();
    const held = [];
    const first = await readUntil(chunks, held, b => b.length >= archive_header/* HEADER_BYTES */.q2);
    if (ageKind(first)) {
        return {
            refused: 'it is age-encrypted, and every chunk of it is authenticated before anything of it is restored'
        };
    }
    let header;
    try {
        header = (0,archive_header/* headerOf */.rR)(first.subarray(0, archive_header/* HEADER_BYTES */.q2), name);
    }
    catch (error) {
        if (!(error instanceof format/* UnrecognizedDumpError */.GT))
            throw error;
        throw new ToolError('failed', error.message);
    }
    if (header.format === 'plain' && !plain) {
        return {
            refused: "a plain script streams only into the connection's own database, which must exist (its extensions are asked ahead)"
        };
    }
    if (header.format === 'tar') {
        return { refused: 'a tar archive is not read as a stream' };
    }
    const read = {};
    const bytes = header.format === 'plain'
        ? first
        : await readUntil(chunks, held, b => {
            read.toc = (0,custom_toc/* tocParse */.uq)(b);
            return read.toc !== 'short' || b.length > custom_toc/* TOC_LIMIT */.Hb;
        });
    const parsed = read.toc;
    if (typeof parsed === 'string') {
        return {
            refused: 'its table of contents is not one pg-dumper reads ahead'
        };
    }
    const tool = header.format === 'plain' ? 'psql' : 'pg_restore';
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    let failure;
    const counted = (chunk) => {
        hash.update(chunk);
        size += chunk.length;
        return chunk;
    };
    const rest = external_node_stream_.Readable.from((async function* () {
        yield counted(bytes);
        for (;;) {
            const next = await chunks.next().catch(async (error) => {
                failure = error;
                await stopChildTool(tool);
                throw error;
            });
            if (next.done)
                return;
            yield counted(next.value);
        }
    })(), { objectMode: false });
    return {
        input: streamInput(session, name, stream, rest, {
            head: parsed ? bytes.subarray(0, parsed.dataStart) : bytes,
            ...(parsed && { toc: parsed }),
            digest: () => ({ size, sha256: hash.copy().digest('hex') }),
            failure: () => failure
        }),
        header
    };
}
/** The stream as a restore's input: the head for listings, the whole once. */
function streamInput(session, name, stream, rest, streamed) {
    let used = false;
    const once = () => {
        if (used) {
            return Promise.reject(new ToolError('command', `${name} streams from its store and is read once: a second pass is not possible`));
        }
        used = true;
        return Promise.resolve(rest);
    };
    return {
        file: name,
        encrypted: false,
        streamed,
        source: once,
        read: async (tool, bytes) => {
            if (typeof bytes === 'string')
                throw new Error('a streamed dump is not a file');
            if (bytes !== undefined)
                return feedingFifo(session.cancellation, bytes, tool);
            try {
                // to its end: the store checks the bytes as they end
                const result = await feedingFifo(session.cancellation, once, tool, true);
                if (streamed.failure() !== undefined)
                    throw streamed.failure();
                return result;
            }
            finally {
                stream.destroy();
            }
        }
    };
}

;// CONCATENATED MODULE: ./lib/core/restore/run-archive.js
// Runs pg_restore on an archive, from an edited table of contents when
// schemas are excluded or the target already has the dump's extensions.
















/** The rows a COPY block in pg_restore's SQL output holds. */
function copyRows(sql) {
    let rows = 0;
    let inCopy = false;
    for (const line of sql.split('\n')) {
        if (inCopy) {
            if (line === '\\.')
                inCopy = false;
            else
                rows++;
        }
        else if (COPY_START.test(line))
            inCopy = true;
    }
    return rows;
}
/**
 * Waits for a target being prepared; when that fails, for the listing too
 * (no pg_restore left running), then throws.
 */
async function whenReady(target, listing) {
    try {
        return await target;
    }
    catch (error) {
        await listing.catch(() => { });
        throw error;
    }
}
/**
 * Runs pg_restore into `target`, leaving out what the target must keep.
 * The dump is listed while the target is prepared (the first fan-out
 * database created); the target is asked its extensions once ready: while
 * pg_restore still lists, else only when the dump has some (unless
 * `known`: asked with the connection check).
 */
async function runArchive(session, client, options, input, targetReady, known) {
    const run = (args, head) => input.read(file => session.run(client, 'pg_restore', args(file)), 
    // a stream is read once: a listing reads its head alone
    head && input.streamed ? headOf(input.streamed.head) : undefined);
    if (!(await needsListing(options, input, known))) {
        const { conninfo } = await targetReady;
        return run(file => pgRestoreArgs({ ...options, conninfo, file }));
    }
    // verbose: each entry followed by its dependencies, when they are needed
    const verbose = options.excludeSchemas.length ? ['--verbose'] : [];
    const listing = run(file => [...verbose, ...tocListArgs(file, options.format)], true);
    let listed = false;
    void listing.then(() => (listed = true)).catch(() => { });
    const target = await whenReady(targetReady, listing);
    const extensions = known.state ?? (listed ? undefined : targetStateAhead(session, target));
    const o = { ...options, conninfo: target.conninfo };
    const toc = checked(await listing);
    let list = toc.stdout;
    let edited = false;
    let excluded = [];
    if (o.excludeSchemas.length) {
        // one grammar with the dump's: names as spelled, * and ? wildcards
        const schemas = tocSchemas(list);
        const { matched, unmatched } = matchSchemas(o.excludeSchemas, schemas);
        const warning = unmatchedWarning(session.wording.name('excludeSchemas'), unmatched, schemas, 'the dump');
        if (warning)
            session.logger.warning(warning);
        const uses = tocKeptUses(list, matched, schemas);
        const at = { at: 'restore', createsExtensions: true };
        for (const kept of keptUsesWarnings(uses, matched, at))
            session.logger.warning(kept);
        excluded = matched;
        list = withoutSchemaEntries(list, matched);
        edited = true;
    }
    const lines = list.split('\n');
    const skipped = await targetsOwn(session, target, lines, extensionEntry, line => rowsOfStreamed(input) ??
        withList(session, input, `${line}\n`, async (one) => copyRows(checked(await run(file => [
            '--file=-',
            `--use-list=${one}`,
            ...formatArg(o.format),
            file
        ])).stdout)), extensions);
    if (skipped.size) {
        list = lines.filter(line => !skipped.has(line)).join('\n');
        edited = true;
    }
    if (!edited)
        return run(file => pgRestoreArgs({ ...o, file }));
    return withList(session, input, list, useList => run(file => pgRestoreArgs({ ...o, file, excludeSchemas: excluded, useList })));
}
/**
 * Whether the archive's items must be listed (`pg_restore --list`) to
 * restore it: to leave out excluded schemas, or items the target already
 * has. A custom file whose own table of contents shows that the target has
 * none of them, the target's state known, is restored as it is.
 */
async function needsListing(o, input, known) {
    const { state, format } = known;
    if (o.excludeSchemas.length || !state || input.encrypted)
        return true;
    if (format !== 'custom')
        return true;
    const toc = input.streamed?.toc ??
        (await (known.toc ?? (0,custom_toc/* readCustomToc */.K6)(input.file).catch(() => undefined)));
    // names not plain ASCII may read differently here and in the target
    if (!toc || toc.extensions.some(name => /[^\x20-\x7e]/.test(name)))
        return true;
    return targetMayOwn(toc.extensions, state);
}
/**
 * Runs `fn` with the path of a table of contents for `--use-list`: of an
 * encrypted dump, it is decrypted content (names of schemas, tables,
 * owners) and reaches pg_restore through a FIFO, never a file; of a plain
 * one, a temporary file.
 */
function withList(session, input, list, fn) {
    if (input.encrypted) {
        return feedingFifo(session.cancellation, () => Promise.resolve(external_node_stream_.Readable.from([Buffer.from(list)])), fn);
    }
    return withTrackedTemp(session.cancellation, { prefix: 'toc' }, async (dir) => {
        const path = (0,external_node_path_.join)(dir, 'toc.list');
        await (0,promises_.writeFile)(path, list);
        return fn(path);
    });
}
/** The head of a streamed archive, as a listing reads it. */
function headOf(head) {
    return () => Promise.resolve(external_node_stream_.Readable.from([head]));
}
/**
 * A streamed archive cannot be read twice to count a configuration
 * table's rows first: refused before anything is restored (the dump is
 * then fetched to a file).
 */
function rowsOfStreamed(input) {
    if (!input.streamed)
        return undefined;
    return Promise.reject(new StreamRefused('the rows of a configuration table of an extension the target already has are counted first, which takes a second pass over the archive'));
}
/** A pg_restore run that must succeed. */
function checked(result) {
    if (result.exitCode === 0)
        return result;
    throw new ToolError('failed', (0,process_runner/* failureMessage */.oh)('pg_restore', result), {
        tool: 'pg_restore',
        exitCode: result.exitCode,
        stderr: result.stderr
    });
}

;// CONCATENATED MODULE: ./lib/core/restore/meta-commands.js
// Finds the psql meta-commands in a SQL script, as psql's own lexer would:
// a backslash outside quotes, dollar quotes and comments starts one, even in
// the middle of a line (`SELECT 1 \g |sh`). A restore changes the target
// database and nothing else, so only the meta-commands pg_dump writes are
// let through; `\!`, `\o`, `\w`, `\g |…`, `\copy … program`, `\setenv`,
// `\i` and the rest are refused before anything runs.
/** The meta-commands pg_dump's plain format uses, and only those. */
const DUMP_META_COMMANDS = new Set([
    'restrict',
    'unrestrict'
]);
/** A whole line of pg_dump's or pg_dumpall's own `\restrict KEY` or `\unrestrict KEY` (since August 2025). */
const DUMP_RESTRICT_LINE = /^\\(?:un)?restrict [A-Za-z0-9]+\r?$/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;
const COPY_FROM_STDIN = /\bFROM\s+stdin\b/i;
const SCS_ON = /^\s*SET\s+standard_conforming_strings\s*(=|TO)\s*'?on'?\s*$/i;
/**
 * A line-by-line lexer over a script: `scan` returns the meta-commands of
 * each line, keeping quotes, dollar quotes, comments and COPY data open
 * across lines.
 */
class MetaCommandScanner {
    #state = { in: 'sql' };
    // the statement so far, to see a COPY … FROM stdin end
    #statement = '';
    /** True between statements: outside quotes, comments, COPY data and any statement begun. */
    get betweenStatements() {
        return this.#state.in === 'sql' && this.#statement.trim() === '';
    }
    /** The meta-commands that start on this line. */
    scan(text, line) {
        if (this.#state.in === 'copy') {
            // psql ends COPY data at \. before LF or CR LF
            if (text === '\\.' || text === '\\.\r')
                this.#state = { in: 'sql' };
            return [];
        }
        const found = [];
        let i = 0;
        while (i < text.length) {
            const state = this.#state;
            const c = text[i];
            if (state.in !== 'sql') {
                const next = this.#skipQuoted(state, text, i);
                if (next === undefined)
                    return found;
                i = next;
                continue;
            }
            if (c === '-' && text[i + 1] === '-') {
                text = text.slice(0, i);
                break;
            }
            if (c === '/' && text[i + 1] === '*') {
                this.#state = { in: 'comment', depth: 1 };
                i += 2;
                continue;
            }
            if (c === "'") {
                const escapes = i > 0 && /[eE]/.test(text[i - 1]) && !/\w/.test(text[i - 2] ?? '');
                this.#state = { in: 'quote', escapes };
                i++;
                continue;
            }
            if (c === '"') {
                this.#state = { in: 'ident' };
                i++;
                continue;
            }
            if (c === '$' && !/[\w$]/.test(text[i - 1] ?? '')) {
                const tag = DOLLAR_TAG.exec(text.slice(i))?.[0];
                if (tag) {
                    this.#state = { in: 'dollar', tag };
                    i += tag.length;
                    continue;
                }
            }
            if (c === '\\') {
                const name = /^\\([A-Za-z]+|[^A-Za-z\s])/.exec(text.slice(i))?.[1] ?? '';
                if (!DUMP_META_COMMANDS.has(name)) {
                    found.push({ line, command: name, text: text.slice(0, 120) });
                }
                // a meta-command takes the rest of the line as its arguments
                this.#statement = '';
                return found;
            }
            if (c === ';') {
                const statement = this.#statement + text.slice(0, i);
                this.#statement = '';
                // psql lexes quotes by the server's standard_conforming_strings:
                // a script that turns it off could hide a meta-command from this
                // scan inside what it reads as a string (pg_dump only sets it on)
                if (/standard_conforming_strings/i.test(statement) &&
                    !SCS_ON.test(statement)) {
                    found.push({
                        line,
                        command: 'standard_conforming_strings',
                        text: text.slice(0, 120)
                    });
                }
                if (/^\s*COPY\b/i.test(statement) && COPY_FROM_STDIN.test(statement)) {
                    this.#state = { in: 'copy' };
                    return found;
                }
                text = text.slice(i + 1);
                i = 0;
                continue;
            }
            i++;
        }
        if (this.#state.in === 'sql')
            this.#statement += `${text}\n`;
        return found;
    }
    /**
     * Inside a quote, a quoted identifier, a dollar quote or a comment: where
     * lexing goes on in `text` from `i`, or undefined when the dollar quote
     * runs past the line.
     */
    #skipQuoted(state, text, i) {
        const c = text[i];
        switch (state.in) {
            case 'quote':
                if (state.escapes && c === '\\')
                    return i + 2;
                if (c !== "'")
                    return i + 1;
                if (text[i + 1] === "'")
                    return i + 2;
                this.#state = { in: 'sql' };
                return i + 1;
            case 'ident':
                if (c === '"')
                    this.#state = { in: 'sql' };
                return i + 1;
            case 'dollar': {
                const end = text.indexOf(state.tag, i);
                if (end < 0)
                    return undefined;
                this.#state = { in: 'sql' };
                return end + state.tag.length;
            }
            case 'comment':
                if (c === '*' && text[i + 1] === '/') {
                    this.#state =
                        state.depth > 1
                            ? { in: 'comment', depth: state.depth - 1 }
                            : { in: 'sql' };
                    return i + 2;
                }
                if (c === '/' && text[i + 1] === '*') {
                    this.#state = { in: 'comment', depth: state.depth + 1 };
                    return i + 2;
                }
                return i + 1;
        }
    }
}
/** Where the meta-commands of a script are, for a message: the first ten by line, and how many more. */
function metaCommandPlaces(found) {
    const shown = found
        .slice(0, 10)
        .map(m => m.command === 'standard_conforming_strings'
        ? `line ${m.line}: standard_conforming_strings set other than on`
        : `line ${m.line}: \\${m.command}`)
        .join(', ');
    return found.length > 10 ? `${shown} and ${found.length - 10} more` : shown;
}

;// CONCATENATED MODULE: ./lib/core/restore/plain-sections.js
// Reads a plain SQL dump as pg_dump lays it out: each object under a
// header comment (`-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -`),
// data as `COPY … FROM stdin;` up to `\.`. A restore that leaves sections
// out blanks their lines (line numbers stay the file's), and the text psql
// gets is the text the meta-command scan read: one pass makes both. Lines
// end at LF only, as psql's do; bytes are read as latin1, one character a
// byte, so the script goes through unchanged in any encoding. Streams: no
// script is held in memory.






const HEADER = /^-- (?:Data for )?Name: (.*); Type: (.*); Schema: (.*); Owner: .*$/;
/**
 * One pass over a script, a line at a time: finds the sections of the
 * given types, blanks the lines of `skip` and pg_dump's own restrict lines
 * (the restore runs under a restriction of its own), and scans what is
 * left, which is exactly what `line()` hands on.
 */
class ScriptPass {
    sections = [];
    metaCommands = [];
    /** the lines that start a COPY, by number (a streamed script is not read again) */
    copies = new Map();
    #types;
    #skip;
    #live;
    #liveSkip;
    #scanner = new MetaCommandScanner();
    #number = 0;
    #next = 0;
    #previous = '';
    #open;
    #inCopy = false;
    /**
     * `live`: told each section of `types` as its header passes, says
     * whether to blank it from there to its end (a script read once).
     */
    constructor(types, skip = [], live) {
        this.#types = types;
        this.#skip = [...skip].sort((a, b) => a.first - b.first);
        this.#live = live;
    }
    /** The line (without its LF) as psql is to get it. */
    line(text) {
        const number = ++this.#number;
        this.#section(text.endsWith('\r') ? text.slice(0, -1) : text, number);
        const out = this.#skipped(number) ||
            this.#liveSkipped(number) ||
            (this.#scanner.betweenStatements && DUMP_RESTRICT_LINE.test(text))
            ? ''
            : text;
        this.metaCommands.push(...this.#scanner.scan(out, number));
        return out;
    }
    #skipped(number) {
        const skip = this.#skip;
        while (this.#next < skip.length && skip[this.#next].last < number)
            this.#next++;
        const section = skip[this.#next];
        return section !== undefined && number >= section.first;
    }
    /** Whether the line is in a section `live` left out: from its header to its end. */
    #liveSkipped(number) {
        const section = this.#liveSkip;
        if (!section)
            return false;
        if (section === this.#open)
            return true;
        this.#liveSkip = undefined;
        return section.last === number;
    }
    /** Follows headers, statements and COPY data to find where sections end. */
    #section(line, number) {
        if (this.#inCopy) {
            // data rows, whatever they hold, are never headers
            if (line === '\\.') {
                this.#inCopy = false;
                if (this.#open)
                    this.#open.last = number;
                this.#open = undefined;
            }
            else if (this.#open)
                this.#open.rows = (this.#open.rows ?? 0) + 1;
            this.#previous = '';
            return;
        }
        const open = this.#open;
        if (COPY_START.test(line)) {
            this.#inCopy = true;
            this.copies.set(number, line);
        }
        else if (open &&
            open.type !== 'TABLE DATA' &&
            line.trimEnd().endsWith(';')) {
            open.last = number;
            this.#open = undefined;
        }
        const header = this.#previous === '--' ? HEADER.exec(line) : null;
        if (header) {
            this.#open = undefined;
            const [, name, type, schema] = header;
            if (this.#types.has(type)) {
                this.#open = {
                    type,
                    name,
                    schema,
                    first: number - 1,
                    last: number,
                    rows: 0
                };
                this.sections.push(this.#open);
                if (this.#live?.(this.#open))
                    this.#liveSkip = this.#open;
            }
        }
        this.#previous = line;
    }
}
/**
 * The script through `pass`, as chunks of whole lines; the source's errors
 * (a cut age file) end it with them. Every LF is kept, and a last line
 * without one stays without.
 */
async function* passed(source, pass) {
    const input = await openSource(source);
    input.setEncoding('latin1');
    let rest = '';
    try {
        for await (const chunk of input) {
            const lines = (rest + chunk).split('\n');
            rest = lines.pop();
            yield Buffer.from(lines.map(l => `${pass.line(l)}\n`).join(''), 'latin1');
        }
        if (rest !== '')
            yield Buffer.from(pass.line(rest), 'latin1');
    }
    finally {
        input.destroy();
    }
}
/**
 * One pass over a plain script: the sections of the types asked for, with
 * where each ends, and every meta-command pg_dump would not have written
 * in the text psql would get with `skip` left out.
 */
async function scanPlainScript(file, types, skip = []) {
    const pass = new ScriptPass(types, skip);
    for await (const chunk of passed(file, pass))
        void chunk;
    return pass;
}
/** The script as psql is to run it, scanned by `pass` as it goes. */
function scriptStream(file, pass) {
    return external_node_stream_.Readable.from(passed(file, pass), { objectMode: false });
}
/** Writes the script as psql is to run it to `to` (mode 0600), scanned by `pass`. */
async function writeScript(file, to, pass) {
    await (0,external_node_stream_promises_namespaceObject.pipeline)(scriptStream(file, pass), (0,external_node_fs_.createWriteStream)(to, { mode: 0o600 }));
}

;// CONCATENATED MODULE: ./lib/core/restore/restricted.js
// psql's restricted mode, the boundary of every script the core runs
// through psql (a plain dump, a globals script, a scrub script): psql reads
// `\restrict <key>` from its standard input before the script, and from
// then on refuses each of the script's meta-commands (`\!`, `\o`, `\copy …
// program`…) itself, whatever a scan of ours made of the text. The key is
// new for each run and exists only in this process and psql's input: never
// on a command line, in a file or in the log, so no script can lift it.

/** A key psql's `\restrict` accepts: letters and digits. */
function newKey() {
    return (0,external_node_crypto_.randomBytes)(32).toString('hex');
}
/**
 * PGOPTIONS that make the server end a script's statement within a second
 * of psql going away (PostgreSQL 14+): a signal to the whole process group
 * ends psql before it can cancel the statement, which would otherwise go on
 * and commit after the step failed.
 */
function connectionCheck(session) {
    if ((session.serverMajor ?? 0) < 14)
        return {};
    const given = process.env.PGOPTIONS;
    const check = '-c client_connection_check_interval=1000';
    return { PGOPTIONS: given ? `${given} ${check}` : check };
}
/**
 * Runs psql with `args(restricted)`; when restricted, psql first reads
 * `\restrict <key>` from its standard input (`args(true)` must read it:
 * `--file=-` before the script).
 */
function runScript(session, client, args, restricted, 
/** keep psql's stderr out of the debug log (a scrub script's errors quote its lines) */
how = {}) {
    const env = connectionCheck(session);
    if (!restricted)
        return session.run(client, 'psql', args(false), { ...how, env });
    const input = Buffer.from(`\\restrict ${newKey()}\n`);
    return session.run(client, 'psql', args(true), { ...how, env, input });
}
/** psql's messages name `path` (a FIFO or a private copy) as `shown`, the file the user gave. */
function naming(result, path, shown) {
    return { ...result, stderr: result.stderr.split(path).join(shown) };
}

;// CONCATENATED MODULE: ./lib/core/restore/run-plain.js
// Runs psql on a plain SQL dump in restricted mode. The lines of sections
// the target must keep (an extension a DBA created, its comment, the data
// of its configuration tables) are blanked, and the text psql reads is
// the very text the meta-command scan read, passed through a FIFO (a
// private copy where there are no FIFOs).












const TYPES = new Set(['EXTENSION', 'COMMENT', 'TABLE DATA']);
function run_plain_extensionEntry(section) {
    if (section.type === 'EXTENSION')
        return { kind: 'extension', name: section.name };
    if (section.type === 'COMMENT' && section.name.startsWith('EXTENSION '))
        return { kind: 'comment', name: section.name.slice('EXTENSION '.length) };
    if (section.type === 'TABLE DATA')
        return { kind: 'data', schema: section.schema, table: section.name };
    return undefined;
}
/**
 * The meta-commands found, refused, naming where; quotes nothing of the
 * script. `ran`: psql had run the script up to them (a streamed script).
 */
function metaCommandsError(session, found, ran = false) {
    const places = metaCommandPlaces(found);
    const outcome = ran
        ? 'so psql was stopped before it read them (what it ran before them stays in the target unless the restore was one transaction)'
        : 'so nothing was run';
    return new ToolError('command', `The SQL script holds psql meta-commands that reach outside the target database (${places}), ` +
        `${outcome}: pg_dump writes none of these, and psql would run them on this machine (a shell, files written or read). ` +
        `Restore a dump made by pg_dump, or, for a script you wrote and trust, set ${session.wording.name('allowMetaCommands')}.`, { tool: 'psql' });
}
/** Refuses the meta-commands found. */
function refuseMetaCommands(session, found) {
    if (found.length > 0)
        throw metaCommandsError(session, found);
}
/**
 * Runs `tool` on a path psql reads the script from as `pass` hands it on:
 * a FIFO, or where there are none (Windows) a private copy.
 */
function feedScript(session, input, pass, tool) {
    if (process.platform !== 'win32' || input.encrypted) {
        const stream = () => Promise.resolve(scriptStream(input.source, pass));
        return feedingFifo(session.cancellation, stream, tool);
    }
    return withTrackedTemp(session.cancellation, { prefix: 'script' }, async (dir) => {
        const copy = (0,external_node_path_.join)(dir, 'restore.sql');
        await writeScript(input.source, copy, pass);
        return tool(copy);
    });
}
/**
 * Runs psql into `target`; `fn` sees the script that ran before it is
 * removed. `state`: the target's, when asked with the connection check.
 */
async function runPlain(session, client, o, input, target, { allowMetaCommands, state }, after) {
    if (input.streamed) {
        const run = (path) => runScript(session, client, r => psqlRestoreArgs({ ...o, file: path, restricted: r }), !allowMetaCommands);
        return after(await runStreamed(session, input, { allowMetaCommands, state }, run));
    }
    const whole = await scanPlainScript(input.source, TYPES);
    if (!allowMetaCommands)
        refuseMetaCommands(session, whole.metaCommands);
    const skipped = await targetsOwn(session, target, whole.sections, run_plain_extensionEntry, section => Promise.resolve(section.rows ?? 0), state);
    const skip = [...skipped];
    // blanking lines changes what the rest of the script means to a lexer
    if (skip.length > 0 && !allowMetaCommands) {
        const left = await scanPlainScript(input.source, new Set(), skip);
        refuseMetaCommands(session, left.metaCommands);
    }
    const restricted = !allowMetaCommands;
    const pass = new ScriptPass(new Set(), skip);
    const result = await feedScript(session, input, pass, async (path) => naming(await runScript(session, client, r => psqlRestoreArgs({ ...o, file: path, restricted: r }), restricted), path, input.file));
    return after({ result, script: input.source });
}
/**
 * A script streamed from its store, read once. The target's extensions
 * were asked ahead, so the sections it keeps are left out as their headers
 * pass; the meta-command scan runs on the text as it goes to psql, and at
 * the first meta-command psql is ended before it gets its line.
 */
async function runStreamed(session, input, { allowMetaCommands, state }, run) {
    if (!state || state.extensions.some(e => e.config.some(c => !c.insert))) {
        throw new StreamRefused('the target has an extension whose configuration tables may need their rows counted first, which takes a second pass over the script');
    }
    const whys = [];
    const pass = new ScriptPass(TYPES, [], section => {
        const entry = run_plain_extensionEntry(section);
        const why = entry && skipAsItPasses(entry, state.extensions);
        if (why)
            whys.push(why);
        return why !== undefined;
    });
    let refused;
    const checked = async function* () {
        for await (const chunk of scriptStream(input.source, pass)) {
            // the chunk's lines were scanned before any of them goes on
            if (!allowMetaCommands && pass.metaCommands.length > 0) {
                refused = metaCommandsError(session, pass.metaCommands, true);
                await stopChildTool('psql');
                throw refused;
            }
            yield chunk;
        }
    };
    const result = await feedingFifo(session.cancellation, () => Promise.resolve(external_node_stream_.Readable.from(checked(), { objectMode: false })), async (path) => naming(await run(path), path, input.file));
    // psql, ended by us, may have stopped reading before the error came
    const failure = refused ?? input.streamed?.failure();
    if (failure !== undefined)
        throw failure;
    if (whys.length)
        session.logger.info(`Skipped, as the target already has them: ${whys.join('; ')}`);
    return { result, script: pass.copies };
}

;// CONCATENATED MODULE: ./lib/core/restore/run.js





/**
 * Runs the plan's tool into `target`, once it is ready (an archive is
 * listed meanwhile); throws a failed ToolError when the restore failed.
 */
async function runRestore(session, plan, options, target) {
    const { tool, input, client } = plan;
    const argOptions = {
        file: plan.file,
        excludeSchemas: options.excludeSchemas ?? [],
        ignoreErrors: options.ignoreErrors ?? false,
        jobs: plan.jobs,
        singleTransaction: options.singleTransaction,
        clean: options.clean,
        owner: options.owner,
        // a FIFO cannot be probed
        format: input.encrypted || input.streamed ? plan.format : undefined
    };
    const judge = (result, script) => judged(session, plan, options, result, script);
    // asked with the connection check, of the session's own target only
    const state = plan.targetState;
    if (tool !== 'psql') {
        return judge(await runArchive(session, client, argOptions, input, target, {
            state,
            format: plan.format,
            toc: plan.toc
        }));
    }
    const ready = await target;
    return runPlain(session, client, { ...argOptions, conninfo: ready.conninfo }, input, ready, { allowMetaCommands: options.allowMetaCommands ?? false, state }, run => judge(run.result, run.script));
}
/** The run's outcome; a plain script's failed COPYs are read from `script`. */
async function judged(session, plan, options, result, script) {
    return judgeRestore(plan.tool, result, options.ignoreErrors ?? false, plan.databases[0] ?? session.target, session.wording, script === undefined
        ? undefined
        : {
            failedCopies: await failedCopies(script, parsePsqlOutput(result.stderr)),
            singleTransaction: options.singleTransaction ?? false,
            quote: plan.header.dumpedBy !== undefined
        });
}

;// CONCATENATED MODULE: ./lib/core/restore/restore.js
// The restore operation of one dump: its plan (plan.ts: what the dump is,
// the options checked, a client that reads it), the target databases
// prepared, the run (run.ts: pg_restore or psql, judged), and the fan-out
// copies made.







/**
 * Restores an archive with pg_restore or a plain script with psql;
 * `opened`: a dump streamed from its store (see planRestore).
 */
async function restore(session, options, opened) {
    const started = performance.now();
    const plan = await planRestore(session, options, opened);
    const { file, format, databases, server, client, input } = plan;
    const [first] = databases;
    // an archive is listed while the target is prepared
    const target = prepareTarget(session, options, first, server);
    const outcome = await runRestore(session, plan, options, target);
    if (outcome.warning)
        session.logger.warning(outcome.warning);
    // the dump is hashed while the server copies: the copies' floor is theirs
    const [copied, hashed] = await Promise.allSettled([
        first !== undefined &&
            copyDatabase(session, first, databases.slice(1), server),
        // a stream was hashed as the restore read it
        input.streamed ? input.streamed.digest() : fileDigest(file)
    ]);
    if (copied.status === 'rejected')
        throw copied.reason;
    if (hashed.status === 'rejected')
        throw hashed.reason;
    const digest = hashed.value;
    const restoredInto = first === undefined ? [await session.databaseName()] : [...databases];
    return {
        ...fileResult(session.logger, 'Restored', {
            file,
            format,
            server,
            client,
            digest,
            started
        }),
        ignoredErrors: outcome.ignoredErrors,
        databases: restoredInto,
        ...(input.encrypted && { encrypted: true })
    };
}
/**
 * The connection to restore into: the first fan-out database, (re)created
 * empty; else the session's, created first when asked and missing.
 */
async function prepareTarget(session, options, first, server) {
    if (first !== undefined) {
        await recreateDatabases(session, [first], 'template0', server);
        return session.connection.withDbname(first);
    }
    const name = session.connection.dbname;
    if (options.createDatabase && name !== undefined) {
        if (await createDatabaseIfMissing(session, name)) {
            session.logger.info(`Created the database ${name} (${session.wording.name('createDatabase')})`);
        }
    }
    return session.connection;
}
/**
 * Makes each of `copies` a copy of the restored `first`, in lanes of one
 * psql session each. A copy is one backend copying files with the kernel's
 * help, a core's work: on 2 cores two copies side by side took as long as
 * one after the other (402 and 558 ms together, 225 ms alone), so a lane
 * per two cores; a psql and a connection per lane, not per copy.
 * CREATE DATABASE … TEMPLATE takes a share lock on the template, so copies
 * of one template may run side by side. A lane stops at its first failure;
 * the others finish theirs.
 */
async function copyDatabase(session, first, copies, server) {
    if (copies.length === 0)
        return;
    const count = Math.max(1, Math.min(copies.length, Math.floor((0,external_node_os_.availableParallelism)() / 2)));
    const lanes = Array.from({ length: count }, (_, lane) => copies.filter((_, i) => i % count === lane));
    const results = await Promise.allSettled(lanes.map(async (names) => {
        const started = performance.now();
        await recreateDatabases(session, names, first, server);
        const what = names.length > 1 ? 'copies' : 'a copy';
        session.logger.info(`Created ${names.join(', ')} as ${what} of ${first} in ${formatDuration(performance.now() - started)}`);
    }));
    const failed = results.find(r => r.status === 'rejected');
    if (failed)
        throw failed.reason;
}

;// CONCATENATED MODULE: ./lib/core/dump/drill-compare.js
// What a restore drill compares: the tables the dump holds rows of (its
// schema lists and exclude-table-data applied to the snapshot's counts),
// and their rows after the restore, table by table.


/** What the drills of several dumps proved together; undefined when none ran. */
function sumVerified(dumps) {
    const all = dumps.flatMap(d => (d.verified ? [d.verified] : []));
    if (all.length === 0)
        return undefined;
    return {
        tables: all.reduce((sum, v) => sum + v.tables, 0),
        rows: all.reduce((sum, v) => sum + v.rows, 0),
        durationMs: all.reduce((sum, v) => sum + v.durationMs, 0)
    };
}
/** How many differing tables and restore errors a failure names. */
const drill_compare_NAMED = 10;
/**
 * A pg_dump table pattern (`schema.table`, `table`, with `*`, `?` and
 * double quotes) as a test of a schema and table: unquoted letters are
 * folded to lower case, as pg_dump does; a pattern without a schema
 * matches the table in any schema.
 */
function tablePattern(pattern) {
    // each part as a regular expression's source
    const parts = [''];
    const add = (source) => {
        parts[parts.length - 1] += source;
    };
    let quoted = false;
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charAt(i);
        if (c === '"') {
            if (quoted && pattern.charAt(i + 1) === '"') {
                add('"');
                i++;
            }
            else
                quoted = !quoted;
        }
        else if (!quoted && c === '.')
            parts.push('');
        else if (!quoted && c === '*')
            add('.*');
        else if (!quoted && c === '?')
            add('.');
        else
            add((quoted ? c : c.toLowerCase()).replace(/[\\^$.|+()[\]{}*?]/g, '\\$&'));
    }
    const regex = (source) => new RegExp(`^${source}$`, 's');
    const table = regex(parts[parts.length - 1] ?? '');
    const schema = parts.length > 1 ? regex(parts[parts.length - 2] ?? '') : /^/;
    return (s, t) => schema.test(s) && table.test(t);
}
/** The snapshot's tables the dump holds rows of: in its schemas, not excluded, rows not left out. */
function dumpedTables(counted, options) {
    const schemas = options.schemas ?? [];
    const excluded = options.excludeSchemas ?? [];
    const noData = (options.excludeTableData ?? []).map(tablePattern);
    return counted.filter(([schema, table]) => (schemas.length === 0 || schemas.some(p => matchesSchema(p, schema))) &&
        !excluded.some(p => matchesSchema(p, schema)) &&
        !noData.some(test => test(schema, table)));
}
/** A name as it is when plain, else quoted with escapes (no line break reaches a message). */
const part = (name) => /^[a-z_][a-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
const label = (schema, table) => `${part(schema)}.${part(table)}`;
/**
 * Compares each dumped table's rows with the restored one's; throws
 * VerificationFailed naming the tables that differ and the restore's
 * first errors, when it failed or any differs.
 */
function compareRows(dumped, restored, restoreFailure, about) {
    const found = new Map(restored.map(([s, t, n]) => [`${s}\u0000${t}`, n]));
    const differ = [];
    const details = [];
    for (const [schema, table, rows] of dumped) {
        const got = found.get(`${schema}\u0000${table}`);
        if (got === rows)
            continue;
        differ.push(label(schema, table));
        details.push(`${label(schema, table)}: ${rows} row(s) dumped, ${got === undefined ? 'no such table' : `${got}`} restored`);
    }
    if (restoreFailure === undefined && differ.length === 0) {
        return {
            tables: dumped.length,
            rows: dumped.reduce((sum, [, , n]) => sum + n, 0),
            durationMs: about.durationMs
        };
    }
    const tables = differ.length
        ? `${differ.length} of ${dumped.length} table(s) differ after the restore: ${details.slice(0, drill_compare_NAMED).join('; ')}${differ.length > drill_compare_NAMED ? `; and ${differ.length - drill_compare_NAMED} more` : ''}`
        : `every table's rows matched`;
    const errors = restoreFailure
        ? `The restore failed: ${restoreFailure.split('\n').slice(0, drill_compare_NAMED).join('\n')}`
        : '';
    throw new VerificationFailed(`The restore drill failed, so ${about.file} was not written: ${restoreFailure ? 'the dump does not restore' : 'the restored rows differ from the dumped ones'}; ${tables}.${errors ? `\n${errors}` : ''}`, differ);
}

;// CONCATENATED MODULE: ./lib/core/dump/snapshot.js
// The dump's own snapshot, for a restore drill: a psql session opens a
// REPEATABLE READ transaction, exports its snapshot (which pg_dump is given
// with --snapshot) and counts every table's rows in it, so the counts are
// of the very data dumped. The session stays open until pg_dump is done.





/**
 * The ordinary tables (partitions included; a partitioned table holds no
 * rows of its own) but the system's and extensions' members.
 */
const TABLES = `SELECT n.nspname AS s, c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ` +
    `WHERE c.relkind = 'r' AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' ` +
    `AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`;
/** The tables, a JSON array of [schema, table]. */
const LIST_TABLES_SQL = `SELECT coalesce(jsonb_agg(jsonb_build_array(s, t)), '[]')::text FROM (${TABLES}) v`;
/** One query counting the rows of each table `from` yields (columns s, t): a JSON array of [schema, table, rows]. */
function countRowsSql(from) {
    return (`SELECT coalesce(jsonb_agg(jsonb_build_array(s, t, ` +
        `(xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', s, t), false, true, '')))[1]::text::bigint)), '[]')::text ` +
        `FROM ${from}`);
}
/** Counts the rows of every table (of a restored database). */
const COUNT_ROWS_SQL = countRowsSql(`(${TABLES}) v`);
/** Counts the rows of these tables. */
function countTablesSql(tables) {
    const rows = tables
        .map(([schema, table]) => `(${quoteLiteral(schema)}, ${quoteLiteral(table)})`)
        .join(', ');
    return countRowsSql(`(VALUES ${rows}) v(s, t)`);
}
/** The counts as psql printed them; a failed ToolError when they are not. */
function parseRows(json) {
    return parsed(json, 3);
}
/** A JSON array of [text, text(, number)] as psql printed it. */
function parsed(json, width) {
    let value;
    try {
        value = JSON.parse(json);
    }
    catch {
        value = undefined;
    }
    const valid = Array.isArray(value) &&
        value.every((v) => Array.isArray(v) &&
            typeof v[0] === 'string' &&
            typeof v[1] === 'string' &&
            (width === 2 || typeof v[2] === 'number'));
    if (!valid) {
        throw new ToolError('failed', `psql printed no row counts: ${json}`, {
            tool: 'psql'
        });
    }
    return value;
}
/** psql's arguments for the snapshot session: its commands read from `fifo`, one value a line. */
function snapshotSessionArgs(conninfo, fifo) {
    return [
        '--no-psqlrc',
        '--quiet',
        '--tuples-only',
        '--no-align',
        '--set=ON_ERROR_STOP=1',
        `--file=${fifo}`,
        ...(conninfo === '' ? [] : [`--dbname=${conninfo}`])
    ];
}
const SNAPSHOT = 'snapshot:';
const TABLES_LINE = 'tables:';
const COUNTS = 'counts:';
const PID = 'pid:';
/** A value that arrives later, or fails; `failed` once it has. */
function deferred() {
    let resolve;
    let reject;
    const state = { settled: false };
    const promise = new Promise((res, rej) => {
        resolve = value => {
            state.settled = true;
            res(value);
        };
        reject = reason => {
            const error = reason instanceof Error ? reason : new Error(String(reason));
            if (!state.settled)
                Object.assign(state, { settled: true, failed: error });
            rej(error);
        };
    });
    promise.catch(() => { });
    return { promise, resolve, reject, state };
}
/**
 * Opens the snapshot session on `connection` and calls `fn` with the
 * exported snapshot and the rows of the tables `select` keeps (counted in
 * it, while `fn` runs); the session ends when `fn` calls `end` (once
 * pg_dump is done), or has returned.
 */
async function withSnapshot(session, client, connection, select, fn) {
    const commands = new external_node_stream_.PassThrough();
    const snapshot = deferred();
    const counts = deferred();
    let pid;
    const onOutLine = (line) => {
        try {
            if (line.startsWith(SNAPSHOT))
                snapshot.resolve(line.slice(SNAPSHOT.length));
            else if (line.startsWith(PID))
                pid = line.slice(PID.length);
            else if (line.startsWith(COUNTS))
                counts.resolve(parseRows(line.slice(COUNTS.length)));
            else if (line.startsWith(TABLES_LINE)) {
                const all = parsed(line.slice(TABLES_LINE.length), 2);
                const chosen = select(all);
                if (chosen.length === 0)
                    counts.resolve([]);
                else
                    commands.write(`SELECT '${COUNTS}' || (${countTablesSql(chosen)});\n`);
            }
        }
        catch (error) {
            counts.reject(error);
        }
    };
    const ran = feedingFifo(session.cancellation, () => Promise.resolve(commands), fifo => session.run(client, 'psql', snapshotSessionArgs(connection.conninfo, fifo), { quiet: true, onOutLine })).then(result => {
        const ended = new ToolError('failed', `The session that counts the rows in the dump's snapshot ended: ${(0,process_runner/* failureMessage */.oh)('psql', result)}`, { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr });
        snapshot.reject(ended);
        counts.reject(ended);
    }, (error) => {
        snapshot.reject(error);
        counts.reject(error);
    });
    commands.write(`SELECT '${PID}' || pg_backend_pid();\n` +
        `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\n` +
        `SELECT '${SNAPSHOT}' || pg_export_snapshot();\n` +
        `SELECT '${TABLES_LINE}' || (${LIST_TABLES_SQL});\n`);
    let ended;
    // the open transaction holds back vacuum: ended as soon as pg_dump is done
    const end = () => (ended ??= (async () => {
        commands.end('ROLLBACK;\n');
        await ran;
    })());
    try {
        return await fn(await snapshot.promise, counts.promise, end);
    }
    catch (error) {
        if (session.cancellation.reason !== undefined)
            throw error;
        // the counting stops at once, not when it is done
        const cancelled = !counts.state.settled &&
            pid !== undefined &&
            (await session
                .query(`SELECT pg_cancel_backend(${Number(pid)})`, 'stop counting the rows', connection, true)
                .catch(() => 'f')) === 't';
        await end();
        // pg_dump fails when the session died under it: the session's error says why
        if (counts.state.failed !== undefined && !cancelled)
            throw counts.state.failed;
        throw error;
    }
    finally {
        await end();
    }
}

;// CONCATENATED MODULE: ./lib/core/dump/throwaway-db.js
// Dropping a database the action made for itself (a scrub's copy, a restore
// drill's scratch database): whatever happened, also once cancelled, and
// never an error that hides the one that explains the failure.


/**
 * Drops `name`, ending sessions still on it (PostgreSQL 13+); tried again
 * when a cancellation stopped a try (a signal to the process group reaches
 * this psql too). Never rejects: one left behind is a warning naming the
 * statement to run. `dropped` and `kept` name it in the log: "Dropped the
 * throwaway database", "Could not drop the scrubbed copy".
 */
async function dropThrowaway(session, name, server, words) {
    const sql = dropDatabaseSql(name, server.major);
    let said = '';
    for (let attempt = 0; attempt < 3; attempt++) {
        const result = await session.cleanupSql([sql]).catch((error) => ({
            exitCode: 1,
            stdout: '',
            stderr: error.message
        }));
        if (result.exitCode === 0) {
            session.logger.info(`${words.dropped} ${name}`);
            return;
        }
        said = (0,process_runner/* failureMessage */.oh)('psql', result);
        if (session.cancellation.reason === undefined)
            break;
    }
    session.logger.warning(`${words.kept} ${name}: ${said}. Drop it by hand: ${sql}`);
}

// EXTERNAL MODULE: ./lib/core/archive/custom-data.js
var custom_data = __nccwpck_require__(8572);
;// CONCATENATED MODULE: ./lib/core/archive/custom-file.js
// Reading a finished custom archive back in this process: one pass over the
// file hashes it and reads its data blocks (custom-data.ts), then the
// blocks' positions are checked against the table of contents' offsets.




// 64 KiB reads, one buffer reused: see data-file.ts
const custom_file_CHUNK = 1 << 16;
/**
 * Reads the custom archive at `path` back and hashes it, in one pass;
 * undefined when this reader does not know it (a table of contents of
 * another version, lz4 or zstd data: pg_restore reads those). Rejects with
 * a {@link DataProblem} when it does not read back; stops with one when
 * `cancelled` says so.
 */
async function readCustomFile(path, cancelled) {
    const toc = await (0,custom_toc/* readCustomToc */.K6)(path);
    if (!toc || !(0,custom_data/* dataReadable */.zj)(toc))
        return undefined;
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const reader = new custom_data/* CustomDataReader */.Lv(toc);
    const handle = await (0,promises_.open)(path, 'r');
    const buffer = Buffer.allocUnsafe(custom_file_CHUNK);
    let size = 0;
    try {
        for (;;) {
            if (cancelled())
                throw new custom_data/* DataProblem */._O('its read-back was stopped');
            const { bytesRead } = await handle.read(buffer, 0, custom_file_CHUNK, null);
            if (bytesRead === 0)
                break;
            const bytes = buffer.subarray(0, bytesRead);
            hash.update(bytes);
            const from = Math.max(toc.dataStart - size, 0);
            size += bytesRead;
            if (from < bytesRead)
                reader.push(bytes.subarray(from));
        }
        reader.end();
    }
    finally {
        reader.close();
        await handle.close();
    }
    const problem = (0,custom_data/* offsetsProblem */.Ys)(toc, reader.blocks, size);
    if (problem) {
        throw new custom_data/* DataProblem */._O(`its table of contents is wrong: ${problem}`);
    }
    return {
        size,
        sha256: hash.digest('hex'),
        entries: toc.entries.filter(e => e.listed).length,
        inflated: toc.compression === 'gzip'
    };
}

;// CONCATENATED MODULE: ./lib/core/dump/verify.js
// Checks that a dump pg_dump reported as written can be read back before it
// may take the target's name: archives end to end with pg_restore (in
// parallel parts for several jobs), plain SQL by pg_dump's closing line.
// A dump that holds no objects at all is kept, with a warning.












/** The last line pg_dump writes to a complete plain dump. */
const PLAIN_COMPLETE = '-- PostgreSQL database dump complete';
const TAIL_BYTES = 4096;
/** Whether a plain dump ends with pg_dump's completion line (a killed or cut dump does not). */
async function plainDumpComplete(path) {
    const { size } = await (0,promises_.stat)(path);
    const handle = await (0,promises_.open)(path, 'r');
    try {
        const length = Math.min(size, TAIL_BYTES);
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, size - length);
        return endsComplete(buffer);
    }
    finally {
        await handle.close();
    }
}
/** Whether the last bytes of a plain dump hold pg_dump's completion line. */
function endsComplete(tail) {
    const lines = tail.toString('utf8').trimEnd().split('\n');
    // pg_dump ends with the completion comment, then `--`, and since the
    // 2025 minors an `\unrestrict` line
    return lines.slice(-4).some(l => l.trim() === PLAIN_COMPLETE);
}
/** Archive formats pg_restore can read back. */
function isArchive(format) {
    return format !== 'plain';
}
/** pg_dump said it succeeded, but what it wrote does not read back. */
function unreadable(how, result) {
    return new ToolError('failed', `pg_dump exited 0 but ${how}${result ? `: ${(0,process_runner/* failureMessage */.oh)('pg_restore', result)}` : ''}. Nothing was written to the target.`, result && {
        tool: 'pg_restore',
        exitCode: result.exitCode,
        stderr: result.stderr
    });
}
/**
 * Reads back what pg_dump wrote to `partial`: an archive end to end
 * (`pg_restore --list` reads only its table of contents, so the data blocks
 * are read too, decompressed and thrown away), a plain script by its
 * completion line.
 */
async function verifyDump(session, partial, format, client, jobs) {
    if (!isArchive(format)) {
        if (!(await plainDumpComplete(partial))) {
            throw unreadable(`the plain dump is incomplete: it lacks pg_dump's completion line (${PLAIN_COMPLETE})`);
        }
        session.logger.info(`Verified: the SQL ends with pg_dump's completion line`);
        if (!(await plainDumpHasEntry(partial)))
            warnEmpty(session);
        return;
    }
    const list = await listToc(session, client, partial);
    await readBack(session, partial, list, jobs, client);
    const entries = tocEntryCount(list);
    session.logger.info(`Verified: pg_restore read the whole archive back (${entries} entries)`);
    if (entries === 0)
        warnEmpty(session);
}
/**
 * How much reading back each entry of a directory archive costs: the size
 * of its data file (`<id>.dat`, `.dat.gz`, `.dat.lz4`, `.dat.zst`), the
 * large-object files for a BLOBS entry, else nothing. Other formats: 1 each.
 */
async function dataWeights(archive) {
    if (!(await (0,promises_.stat)(archive)).isDirectory())
        return () => 1;
    const sizes = new Map();
    let blobs = 0;
    for (const name of await (0,promises_.readdir)(archive)) {
        const data = DATA_FILE.exec(name);
        const blob = /^blob(?:s_\d+\.toc|_\d+\.dat(?:\.\w+)?)$/.test(name);
        if (!data && !blob)
            continue;
        const { size } = await (0,promises_.stat)((0,external_node_path_.join)(archive, name));
        if (data)
            sizes.set(Number(data[1]), size);
        else
            blobs += size;
    }
    return line => sizes.get(entryId(line)) ?? (/ BLOBS /.test(line) ? blobs : 0);
}
/**
 * Reads a finished dump back ({@link verifyDump}) and hashes it, both at
 * once; returns its digest.
 */
async function readBackFinished(session, partial, format, client, jobs) {
    if (format === 'custom') {
        const read = await readCustomBack(session, partial);
        if (read)
            return read;
    }
    const [digest] = await Promise.all([
        fileDigest(partial),
        verifyDump(session, partial, format, client, jobs)
    ]);
    return digest;
}
/**
 * Reads a finished custom archive back in this process, hashing it in the
 * same pass (archive/custom-file.ts); undefined when pg_restore must read
 * it (lz4, zstd, a version the parser does not know).
 */
async function readCustomBack(session, partial) {
    const { cancellation } = session;
    const read = await readCustomFile(partial, () => cancellation.reason !== undefined).catch((error) => {
        cancellation.throwIfCancelled(`pg_dump was stopped and ${partial} removed`);
        if (!(error instanceof custom_data/* DataProblem */._O))
            throw error;
        throw unreadable(`its archive cannot be read back end to end: ${error.message}`);
    });
    if (!read)
        return undefined;
    session.logger.info(`Verified: pg-dumper read the whole archive back itself (${read.entries} entries, ${readHow(read.inflated)})`);
    if (read.entries === 0)
        warnEmpty(session);
    return { size: read.size, sha256: read.sha256 };
}
/** How the data blocks of a custom archive were read, for the log. */
function readHow(inflated) {
    return `every data block ${inflated ? 'inflated' : 'read'} to its end`;
}
/** pg_dump's comment before each object of a plain script, as `pg_restore --list` has an entry for each. */
const PLAIN_ENTRY = /^-- (?:Data for )?Name: .*; Type: /;
/**
 * Whether a plain script holds at least one object: pg_dump comments each
 * one (`-- Name: …; Type: …`, `-- Data for Name: …`). Reads up to the first,
 * which comes right after the settings at the top of any non-empty dump.
 */
async function plainDumpHasEntry(path) {
    const stream = (0,external_node_fs_.createReadStream)(path, 'utf8');
    const lines = (0,external_node_readline_namespaceObject.createInterface)({ input: stream, crlfDelay: Infinity });
    try {
        for await (const line of lines)
            if (PLAIN_ENTRY.test(line))
                return true;
        return false;
    }
    finally {
        lines.close();
        stream.destroy();
    }
}
/** `pg_restore --list` of an archive pg_dump wrote; a ToolError when it cannot be read. */
async function listToc(session, client, archive) {
    const list = await session.run(client, 'pg_restore', tocListArgs(archive));
    if (list.exitCode !== 0) {
        throw unreadable('its table of contents cannot be read back', list);
    }
    return list.stdout;
}
/** A directory archive's data file of one entry: `<id>.dat`, or compressed `.dat.gz`, `.dat.lz4`, `.dat.zst`. */
const DATA_FILE = /^(\d+)\.dat(?:\.\w+)?$/;
/** An empty dump restores nothing: most likely every schema was left out. */
function warnEmpty(session) {
    const { wording } = session;
    session.logger.warning(`The dump holds no objects (its table of contents has no entries): restoring it restores nothing. ` +
        `If the database is not empty, check ${wording.name('schemas')} and ${wording.name('excludeSchemas')}: they may leave out every schema.`);
}
const checkReadBack = (result) => {
    if (result.exitCode !== 0) {
        throw unreadable('its archive cannot be read back end to end', result);
    }
};
/**
 * Reads every entry of an archive back with pg_restore, its output thrown
 * away; with several jobs, one pg_restore per part of the table of
 * contents, all at once.
 */
async function readBack(session, archive, toc, jobs, client) {
    if (jobs <= 1) {
        return checkReadBack(await session.run(client, 'pg_restore', readBackArgs(archive)));
    }
    await withTrackedTemp(session.cancellation, { prefix: 'verify' }, dir => readBackParts(session, archive, toc, jobs, client, dir));
}
/**
 * Reads back the entries of `toc` (a `--list` text) in `jobs` parts of
 * about equal data, one pg_restore each, all at once; the lists are
 * written to `dir`.
 */
async function readBackParts(session, archive, toc, jobs, client, dir) {
    const weight = await dataWeights(archive);
    // no more parts than entries with data to read (at least one)
    const heavy = tocEntries(toc).filter(line => weight(line) > 0).length;
    const parts = Math.max(1, Math.min(jobs, heavy));
    const results = await Promise.all(splitToc(toc, parts, weight).map(async (part, i) => {
        const list = (0,external_node_path_.join)(dir, `part-${i}.list`);
        await (0,promises_.writeFile)(list, part);
        return session.run(client, 'pg_restore', readBackArgs(archive, list));
    }));
    results.forEach(checkReadBack);
}

;// CONCATENATED MODULE: ./lib/core/dump/encrypted.js
// An age-encrypted dump: pg_dump writes into a FIFO, the action encrypts the
// stream into the age file, and no plaintext is ever a file. Before the age
// file takes its name it is read back: decrypted (every chunk
// authenticated) into pg_restore, or for plain SQL checked for pg_dump's
// closing line, and shown to decrypt to exactly the bytes pg_dump wrote.







/** The formats pg_dump writes as one stream, which alone can be encrypted. */
const ENCRYPTABLE_FORMATS = ['custom', 'plain'];
/** pg_dump's comment before each object of a plain script. */
const encrypted_PLAIN_ENTRY = /^-- (?:Data for )?Name: .*; Type: /m;
const TAIL = 4096;
function writeError(error, tool = 'pg_dump') {
    return new ToolError('command', `Cannot write the encrypted dump: ${error.message}. Nothing was written to the target.`, { tool });
}
/**
 * Runs `write(fifo)` (a tool writing to the path it is given, throwing when
 * it fails) while what it writes is encrypted to `recipients` into
 * `partial`: no plaintext is ever a file.
 */
async function encryptWhileWriting(session, partial, recipients, write, tool = 'pg_dump') {
    return withFifo(session.cancellation, async (fifo) => {
        const { stream, writerEnded } = fifoSource(fifo);
        const encrypting = encryptStream(stream, recipients, partial);
        encrypting.catch(() => { });
        try {
            await write(fifo);
        }
        catch (error) {
            writerEnded();
            const stopped = new Error(`${tool} failed`);
            stream.destroy(stopped);
            // the tool died of a closed pipe when the encryption failed first
            const failed = await encrypting.then(() => undefined, (e) => e);
            throw failed === undefined || failed === stopped
                ? error
                : writeError(failed, tool);
        }
        finally {
            writerEnded();
        }
        return encrypting.catch((error) => {
            throw writeError(error, tool);
        });
    });
}
/**
 * Runs `dump(fifo)` (pg_dump writing to the path it is given, throwing when
 * it fails) while its output is encrypted to `recipients` into `partial`;
 * then reads the age file back. Returns the age file's own key (for a
 * restore drill); the caller hashes the file.
 */
async function dumpEncrypted(session, client, partial, format, recipients, dump) {
    const encrypted = await encryptWhileWriting(session, partial, recipients, dump);
    await readBackEncrypted(session, client, partial, format, encrypted);
    return encrypted.readBack;
}
/**
 * Encrypts the verified plaintext dump `plainFile` (kept, as asked) into
 * `partial`, then reads the age file back.
 */
async function encryptFile(session, client, plainFile, partial, format, recipients) {
    const encrypted = await encryptStream((0,external_node_fs_.createReadStream)(plainFile), recipients, partial).catch((error) => {
        throw writeError(error);
    });
    await readBackEncrypted(session, client, partial, format, encrypted);
}
/**
 * Reads the age file back with its own file key: an archive decrypted into
 * pg_restore through a FIFO, plain SQL by its closing line; either way the
 * plaintext must be the bytes that were encrypted.
 */
async function readBackEncrypted(session, client, partial, format, encrypted) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const plain = async () => tapped(await decryptStream(partial, encrypted.readBack), bytes => {
        hash.update(bytes);
        size += bytes.length;
    });
    const opened = async () => plain().catch((error) => {
        throw unreadable(`the age file cannot be decrypted (${error.message})`);
    });
    let entries = true;
    if (format === 'plain') {
        entries = await checkPlain(await opened());
    }
    else {
        const result = await feedingFifo(session.cancellation, opened, fifo => session.run(client, 'pg_restore', streamReadBackArgs(fifo)), true).catch((error) => {
            if (error instanceof ToolError)
                throw error;
            throw unreadable(`the age file does not decrypt end to end (${error.message})`);
        });
        if (result.exitCode !== 0) {
            throw unreadable('its archive cannot be read back end to end from the age file', result);
        }
    }
    if (size !== encrypted.plain.size ||
        hash.digest('hex') !== encrypted.plain.sha256) {
        throw unreadable(`the age file decrypts to other bytes than pg_dump wrote (${size} bytes, not ${encrypted.plain.size})`);
    }
    session.logger.info(`Verified: the age file decrypts, every chunk authenticated, to the ${size} bytes pg_dump wrote, and ` +
        (format === 'plain'
            ? "they end with pg_dump's completion line"
            : 'pg_restore read the whole archive back from it'));
    if (!entries)
        warnEmpty(session);
}
/** Reads a decrypted plain script to its end: whether it holds an object; throws when it lacks the closing line. */
async function checkPlain(stream) {
    let tail = Buffer.alloc(0);
    let entry = false;
    let carry = '';
    try {
        for await (const chunk of stream) {
            const bytes = chunk;
            tail = Buffer.concat([tail, bytes]).subarray(-TAIL);
            if (!entry) {
                const text = carry + bytes.toString('latin1');
                entry = encrypted_PLAIN_ENTRY.test(text);
                carry = text.slice(text.lastIndexOf('\n') + 1);
            }
        }
    }
    catch (error) {
        throw unreadable(`the age file does not decrypt end to end (${error.message})`);
    }
    if (!endsComplete(tail)) {
        throw unreadable(`the plain dump is incomplete: it lacks pg_dump's completion line (${PLAIN_COMPLETE})`);
    }
    return entry;
}

// EXTERNAL MODULE: ./lib/core/archive/data-file.js + 3 modules
var data_file = __nccwpck_require__(5107);
// EXTERNAL MODULE: ./lib/core/archive/writer-watch.js
var writer_watch = __nccwpck_require__(1349);
// EXTERNAL MODULE: ./lib/core/dump/reading-thread.js
var reading_thread = __nccwpck_require__(1483);
;// CONCATENATED MODULE: ./lib/core/dump/read-as-finished.js
// Verifying a parallel directory dump while pg_dump writes it. pg_dump
// writes toc.dat before any data, then its workers write one file per
// table; with --verbose the leader reports each item a worker has finished
// ("finished item <id> …"), its file closed. While pg_dump runs, the
// folder is watched and every gzip or uncompressed data file is read back
// as it grows (data-file.ts) by a thread of this process at the lowest
// priority (reading-thread.ts), doing what pg_restore does with them at
// half its CPU; each report tells its file's reader that the file is
// whole. Other data files (lz4, zstd) are read back by one pg_restore at a
// time as their items finish. Once pg_dump has exited, every entry not yet
// read is read back in `jobs` parts, as a dump verified afterwards would be.










/** pg_dump's verbose report that a parallel worker finished an item (untranslated). */
const FINISHED = /^pg_dump: finished item (\d+) /;
/** How often the archive's folder is looked at for new data files. */
const SCAN_MS = 50;
/**
 * Reads back the data files pg_dump writes, each as it grows, and the items
 * pg_dump reports finished that this process cannot read, one pg_restore at
 * a time.
 */
class FinishedItems {
    #session;
    #client;
    #archive;
    #dir;
    #queue = [];
    #list;
    #draining;
    #batches = 0;
    /** the data files being read as they grow, by name */
    #growing = new Map();
    /** where they are read: a thread at the lowest priority */
    #thread;
    /** every data file seen, followed or not */
    #seen = new Set();
    /** the folder's scan for data files, until {@link dumped} */
    #scanning;
    /** pg_dump's progress, for the scan of its folder */
    #dump = new writer_watch/* WriterWatch */.J(SCAN_MS);
    /** the first failed read-back, if any */
    failure;
    /** the entries read back */
    read = new Set();
    /** bytes of data files read before pg_dump reported them finished, and in all */
    bytes = { early: 0, all: 0 };
    /** their data files' CRC-32s as read, by name */
    crcs = new Map();
    constructor(session, client, archive, dir, thread) {
        this.#session = session;
        this.#client = client;
        this.#archive = archive;
        this.#dir = dir;
        this.#thread = thread;
        this.#scanning = this.#scan();
    }
    async #scan() {
        while (!this.#dump.ended && !this.failure) {
            await this.#follow();
            await this.#dump.pause();
        }
    }
    /** Starts reading each data file of the folder not yet read; returns the folder's names. */
    async #follow() {
        let names;
        try {
            names = await (0,promises_.readdir)(this.#archive);
        }
        catch (error) {
            // pg_dump has not made the folder yet
            if (error.code === 'ENOENT')
                return [];
            throw error;
        }
        for (const name of names) {
            if (this.#seen.has(name) || !DATA_FILE.test(name))
                continue;
            this.#seen.add(name);
            if (!data_file/* INFLATABLE */.D9.test(name))
                continue;
            this.#growing.set(name, this.#thread.dataFile((0,external_node_path_.join)(this.#archive, name)));
        }
        return names;
    }
    /**
     * pg_dump has exited: with `ok`, its files are whole, and the ones still
     * followed (their reports not acted on yet) are read to their end; the
     * others are read no further.
     */
    async dumped(ok) {
        this.#dump.end();
        await this.#scanning.catch(() => { });
        await this.settled();
        if (ok && !this.failure)
            await this.#finish([...this.#growing.keys()]);
        const left = [...this.#growing.values()];
        for (const file of left)
            file.stop();
        await Promise.allSettled([this.#list, ...left.map(file => file.done)]);
    }
    /** Tells the named files' readers they are whole; takes their CRC-32s. */
    async #finish(names) {
        for (const name of names)
            this.#growing.get(name)?.end();
        for (const name of names) {
            const file = this.#growing.get(name);
            if (!file)
                continue;
            let read;
            try {
                read = await file.done;
            }
            catch (error) {
                this.failure ??= unreadable(`its data file ${name} cannot be read back (${error.message})`);
                return;
            }
            this.crcs.set(name, read.crc);
            this.bytes.early += read.early;
            this.bytes.all += read.length;
            this.#growing.delete(name);
            this.read.add(Number(DATA_FILE.exec(name)?.[1]));
        }
    }
    /** pg_dump's stderr, line by line. */
    line(line) {
        const finished = FINISHED.exec(line);
        if (!finished || this.failure)
            return;
        // a failure is met where the list is awaited
        this.list().catch(() => { });
        this.#queue.push(Number(finished[1]));
        this.#draining ??= this.#drain().finally(() => {
            this.#draining = undefined;
        });
    }
    /**
     * The table of contents; toc.dat is complete before any item finishes.
     * Asked once, at the first report, so it is there when pg_dump exits.
     */
    list() {
        this.#list ??= listToc(this.#session, this.#client, this.#archive);
        return this.#list;
    }
    /**
     * Finishes reading the queued items' data files (`<id>.dat…`; large
     * objects wait for the end): gzip and uncompressed ones in this process,
     * others by pg_restore. Each file's CRC-32 is taken as it is read, to show
     * at the end that the finished archive holds those bytes.
     */
    async #drain() {
        while (this.#queue.length > 0 && !this.failure) {
            const queued = new Set(this.#queue.splice(0));
            const files = new Map();
            for (const name of await this.#follow()) {
                const id = Number(DATA_FILE.exec(name)?.[1]);
                if (queued.has(id))
                    files.set(id, name);
            }
            const here = [...files.values()].filter(name => data_file/* INFLATABLE */.D9.test(name));
            await this.#finish(here);
            if (this.failure)
                return;
            const there = [...files].filter(([, name]) => !data_file/* INFLATABLE */.D9.test(name));
            if (there.length === 0)
                continue;
            const ids = new Set(there.map(([id]) => id));
            const lines = tocEntries(await this.list()).filter(l => ids.has(entryId(l)));
            await this.#restoreRead(lines, files);
        }
    }
    /** Reads entries back with one pg_restore, taking their files' CRC-32s. */
    async #restoreRead(lines, files) {
        const useList = (0,external_node_path_.join)(this.#dir, `finished-${++this.#batches}.list`);
        await (0,promises_.writeFile)(useList, `${lines.join('\n')}\n`);
        const [result, crcs] = await Promise.all([
            this.#session.run(this.#client, 'pg_restore', readBackArgs(this.#archive, useList)),
            Promise.all(lines.map(async (line) => {
                const name = files.get(entryId(line));
                return [name, await fileCrc((0,external_node_path_.join)(this.#archive, name))];
            }))
        ]);
        if (result.exitCode !== 0) {
            this.failure = unreadable('its archive cannot be read back end to end', result);
            return;
        }
        for (const line of lines)
            this.read.add(entryId(line));
        for (const [name, crc] of crcs)
            this.crcs.set(name, crc);
    }
    /** Waits for the read-back under way. */
    async settled() {
        while (this.#draining)
            await this.#draining;
    }
}
/**
 * Runs `dump` (pg_dump with --verbose, its stderr lines passed to the
 * callback) writing a directory archive to `partial` with `jobs` workers,
 * reading items back as they finish; returns the archive's digest once
 * every entry has been read back.
 */
async function dumpDirectoryReadingBack(session, client, partial, jobs, dump) {
    return withTrackedTemp(session.cancellation, { prefix: 'verify' }, async (dir) => {
        const thread = new reading_thread/* ReadingThread */.P();
        const items = new FinishedItems(session, client, partial, dir, thread);
        let ok = false;
        try {
            await dump(line => items.line(line));
            ok = true;
        }
        finally {
            // a failed read-back is reported after pg_dump's own failure
            await items.dumped(ok).catch(() => { });
            await thread.close();
        }
        if (items.failure)
            throw items.failure;
        const list = await items.list();
        const rest = tocEntries(list).filter(l => !items.read.has(entryId(l)));
        const [digest] = await Promise.all([
            fileDigest(partial, { start: 0, end: Number.POSITIVE_INFINITY }),
            rest.length > 0 || items.read.size === 0
                ? readBackParts(session, partial, `${rest.join('\n')}\n`, jobs, client, dir)
                : undefined
        ]);
        for (const [name, crc] of items.crcs) {
            if (digest.fileCrcs?.get(name) !== crc) {
                throw unreadable(`its data file ${name} changed after it was read back`);
            }
        }
        const entries = tocEntryCount(list);
        const { early, all } = items.bytes;
        session.logger.debug(`Data files read back as pg_dump wrote them: ${early} of their ${all} bytes before pg_dump reported their items finished`);
        session.logger.info(`Verified: the whole archive was read back (${entries} entries; ${items.read.size} read as pg_dump wrote them)`);
        if (entries === 0)
            warnEmpty(session);
        return { size: digest.size, sha256: digest.sha256 };
    });
}

;// CONCATENATED MODULE: ./lib/core/dump/read-while-writing.js
// Verifying a custom dump while pg_dump writes it: the follower reads the
// growing file's data blocks back in this process, in a thread of its own
// at the lowest priority (follow.ts, reading-thread.ts); once
// pg_dump has exited, the finished file's rewritten table of contents is
// shown to be the one read but for its data offsets, the offsets are
// checked against the blocks read, and the data is shown to be the bytes
// that were read (CRC-32, taken in the hashing pass).





/**
 * Runs `dump` (pg_dump writing a custom archive to `partial`, throwing when
 * it fails) while its data blocks are read back; returns the finished
 * file's digest once every check passed. Where the archive is one the
 * reader does not know (a table of contents of another version, lz4 or
 * zstd data), the finished file is read back afterwards instead (by
 * pg_restore), as for other formats.
 */
async function dumpReadingBack(session, client, partial, dump) {
    // pg_dump first, the step's longest path; the reading thread follows the
    // file from its start as soon as it exists
    const dumping = dump();
    // awaited below, pg_dump first: until then a failure waits
    dumping.catch(() => { });
    const thread = new reading_thread/* ReadingThread */.P();
    let followed;
    try {
        const following = thread.follow(partial);
        try {
            await dumping;
        }
        catch (error) {
            following.stop();
            await following.done.catch(() => { });
            throw error;
        }
        following.end();
        followed = await following.done.catch((error) => {
            if (!(error instanceof custom_data/* DataProblem */._O))
                throw error;
            throw unreadable(`its archive cannot be read back end to end: ${error.message}`);
        });
    }
    finally {
        await thread.close();
    }
    return checkFinished(session, client, partial, followed);
}
/** Checks the finished file against what was read while it was written. */
async function checkFinished(session, client, partial, followed) {
    if (!followed.head || !followed.toc || !followed.blocks) {
        return readBackFinished(session, partial, 'custom', client, 1);
    }
    const toc = await (0,custom_toc/* rewrittenToc */.tf)(partial, followed.head, followed.toc);
    if ('changedAt' in toc) {
        // a table of contents this reader no longer reads: pg_restore judges it
        if (!(await (0,custom_toc/* readCustomToc */.K6)(partial))) {
            return readBackFinished(session, partial, 'custom', client, 1);
        }
        throw unreadable(`its table of contents changed after it was read back (at byte ${toc.changedAt}), not only its data offsets`);
    }
    const digest = await fileDigest(partial, {
        start: toc.dataStart,
        end: followed.length
    });
    if (digest.size !== followed.length) {
        throw unreadable(`the file changed while it was read back (${followed.length} bytes read, ${digest.size} in the file)`);
    }
    const offsets = (0,custom_data/* offsetsProblem */.Ys)(toc, followed.blocks, digest.size);
    if (offsets)
        throw unreadable(`its table of contents is wrong: ${offsets}`);
    if (digest.crc32 !== followed.dataCrc) {
        throw unreadable('its data blocks changed after they were read back');
    }
    const entries = toc.entries.filter(e => e.listed).length;
    const how = readHow(followed.toc.compression === 'gzip');
    session.logger.info(`Verified: pg-dumper read the whole archive back itself while pg_dump wrote it (${entries} entries, ${how}); the finished file's table of contents and data offsets match`);
    if (entries === 0)
        warnEmpty(session);
    return { size: digest.size, sha256: digest.sha256 };
}

;// CONCATENATED MODULE: ./lib/core/dump/write.js









/** The dump of a connection's database, verified and in place, encrypted when the plan says. */
async function writeDump(session, plan, connection, drill) {
    const { file, plainFile } = plan;
    const write = (target, encryptInto) => writeVerified(session, plan, connection, { target, encryptInto, drill });
    if (plan.recipients.length === 0)
        return write(file);
    if (plainFile === undefined)
        return write(file, partialPath(file));
    await write(plainFile);
    session.logger.info(`Kept the plaintext dump at ${plainFile}, as asked`);
    return withTrackedTemp(session.cancellation, { path: partialPath(file) }, async (partial) => {
        await encryptFile(session, plan.client, plainFile, partial, plan.format, plan.recipients);
        const written = await fileDigest(partial);
        await moveIntoPlace(partial, file);
        return written;
    });
}
/**
 * pg_dump into a temporary path beside `target`, read back, then renamed to
 * it; with `encryptInto`, pg_dump writes into a FIFO whose stream is
 * encrypted into that path, renamed to the plan's file.
 */
function writeVerified(session, plan, connection, { target, encryptInto, drill }) {
    const { client, format, jobs } = plan;
    return withTrackedTemp(session.cancellation, { path: encryptInto ?? partialPath(target) }, async (partial) => {
        // a parallel directory dump's data files are read as they are written
        const streamed = format === 'directory' && jobs > 1;
        const runDump = async (onErrLine, to = partial) => {
            const args = plan.args(connection, to, {
                verbose: streamed,
                noSync: encryptInto !== undefined,
                snapshot: drill?.snapshot
            });
            const result = await session.run(client, 'pg_dump', args, false, onErrLine);
            if (plan.checked)
                await checkedAhead(plan.checked, result);
            if (result.exitCode !== 0) {
                const stderr = streamed
                    ? withoutProgress(result.stderr)
                    : result.stderr;
                throw new ToolError('failed', (0,process_runner/* failureMessage */.oh)('pg_dump', { ...result, stderr }), { tool: 'pg_dump', exitCode: result.exitCode, stderr });
            }
        };
        let written;
        let readBack;
        if (encryptInto !== undefined) {
            readBack = await dumpEncrypted(session, client, partial, format, plan.recipients, fifo => runDump(undefined, fifo));
            written = await fileDigest(partial);
        }
        else if (format === 'custom') {
            // read back while pg_dump writes, then check the finished file
            written = await dumpReadingBack(session, client, partial, runDump);
        }
        else if (streamed) {
            written = await dumpDirectoryReadingBack(session, client, partial, jobs, runDump);
        }
        else {
            await runDump();
            written = await readBackFinished(session, partial, format, client, jobs);
        }
        session.cancellation.throwIfCancelled(`pg_dump was stopped and ${partial} removed`);
        await drill?.check(partial, readBack);
        await moveIntoPlace(partial, encryptInto === undefined ? target : plan.file);
        return written;
    });
}
/**
 * pg_dump's stderr without the progress lines --verbose adds: its errors,
 * warnings, details and hints stay, as do lines that continue them.
 */
function withoutProgress(stderr) {
    return stderr
        .split('\n')
        .filter(line => !line.startsWith('pg_dump: ') ||
        /^pg_dump: (error|warning|detail|hint): /.test(line))
        .join('\n')
        .trim();
}
/**
 * pg_dump started before the server accepted connections (its check then
 * waited for it): the dump is to be made again, with the checked plan.
 */
class StartedTooEarly extends Error {
}
/**
 * The verdict on a pg_dump started beside the connection check, which
 * comes first: the check's failure is the step's (a connection refused, a
 * client older than the server), whatever pg_dump said.
 */
async function checkedAhead(checked, result) {
    await checked;
    const refused = /^pg_dump: error: (connection to server .* failed|could not connect to server)/m;
    if (result.exitCode !== 0 && refused.test(result.stderr))
        throw new StartedTooEarly('pg_dump could not connect yet');
}
/** Renames a verified dump to its target; a command ToolError when that fails. */
async function moveIntoPlace(partial, target) {
    await replacePath(partial, target).catch((error) => {
        throw new ToolError('command', `Cannot move the verified dump into place at ${target}: ${error.message}. Nothing was written to the target.`, { tool: 'pg_dump' });
    });
}

;// CONCATENATED MODULE: ./lib/core/dump/drill.js
// Restore drills (verify: restore): the dump, before it takes its name, is
// restored into a scratch database (on the dumped server, or on the
// verify connection's) and every table's rows there are compared with the
// rows counted in the dump's own snapshot. The scratch database is always
// dropped: on success, failure and cancellation.










/** Every scratch database's name starts so, to be found if a killed run left one. */
const SCRATCH_PREFIX = 'pg_dumper_drill_';
/** The session of the server the drill restores on: the verify connection's, or the dumped one's. */
function drillServer(session, options) {
    return options.verifyConnection
        ? session.forConnection(Connection.parse(options.verifyConnection))
        : session;
}
/**
 * Before anything is dumped: the drill's server answers and its role may
 * create the scratch database; else a command ToolError saying what to
 * set.
 */
async function checkDrillable(session, options) {
    if (process.platform === 'win32') {
        throw new ToolError('command', `${session.wording.set('verify', 'restore')} counts the dumped rows in a session fed through a FIFO, which Windows lacks: run the drill on a Linux or macOS runner. Nothing was dumped.`, { tool: 'psql' });
    }
    const server = drillServer(session, options);
    try {
        if (options.verifyConnection)
            await server.serverVersion();
        const [role, may, superuser] = (await server.query(`SELECT current_user || '|' || (rolcreatedb OR rolsuper)::int || '|' || rolsuper::int FROM pg_roles WHERE rolname = current_user`, 'ask whether the role may create databases', server.connection, true)).split('|');
        const { wording } = session;
        if (may === '1') {
            if (superuser !== '1')
                await checkExtensions(session, server, role);
            return;
        }
        throw new ToolError('command', `${wording.set('verify', 'restore')} restores each dump into a scratch database, and the role ${role} may not create databases on ${server.connection.endpoint}, so nothing was dumped. ` +
            `Grant it CREATEDB (ALTER ROLE ${quoteIdent(role ?? '')} CREATEDB), or set ${wording.name('verifyConnection')} to a server where the role may create databases (a service container).`, { tool: 'psql' });
    }
    finally {
        if (server !== session)
            await server.close();
    }
}
/**
 * The scratch database starts empty, and only a superuser creates an
 * extension that is not trusted (PostGIS, hstore before 13): a dump holding
 * one would fail its drill after the whole dump, for a reason that is not
 * the dump's. Refused before dumping, naming them.
 */
async function checkExtensions(session, server, role) {
    const untrusted = await session.query(`SELECT string_agg(e.extname, ', ' ORDER BY e.extname) FROM pg_extension e ` +
        `JOIN pg_available_extension_versions v ON v.name = e.extname AND v.version = e.extversion WHERE NOT v.trusted`, 'list the extensions only a superuser may create', session.connection, true);
    if (untrusted === '')
        return;
    const { wording } = session;
    throw new ToolError('command', `${wording.set('verify', 'restore')} restores each dump into a new, empty scratch database, where the dump creates its extensions (${untrusted}), and only a superuser may create them: the role ${role} is not one on ${server.connection.endpoint}, so nothing was dumped. ` +
        `Set ${wording.name('verifyConnection')} to a server where the role is a superuser (a service container with the same extensions installed).`, { tool: 'psql' });
}
/** The dump written with a drill before it takes its name: its digest and what the drill compared. */
async function writeDrilled(session, plan, connection, options) {
    let verified;
    const probe = await session.probe();
    // made while pg_dump runs: its time is off the drill's path
    const scratch = await scratchDatabase(session, plan, options);
    try {
        const digest = await withSnapshot(session, probe, connection, tables => dumpedTables(tables, options), async (snapshot, counts, end) => writeDump(session, plan, connection, {
            snapshot,
            check: async (path, readBack) => {
                const dumped = await counts;
                await end();
                await scratch.ready;
                verified = await drill(session, plan, scratch.session, {
                    path,
                    readBack,
                    dumped
                });
            }
        }));
        if (verified === undefined)
            throw new Error('the drill did not run');
        return { digest, verified };
    }
    finally {
        await scratch.drop();
    }
}
/**
 * Starts making `pg_dumper_drill_<random>` on the drill's server, and has
 * it dropped also when the run is cancelled.
 */
async function scratchDatabase(session, plan, options) {
    const base = drillServer(session, options);
    const name = `${SCRATCH_PREFIX}${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
    const server = base === session ? plan.server : await base.serverVersion();
    const ready = base.sql([`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`], 'create the scratch database of the restore drill');
    ready.catch(() => { });
    const into = base.forDatabase(name);
    let dropping;
    const drop = () => (dropping ??= (async () => {
        await ready.catch(() => { });
        await into.close();
        await dropThrowaway(base, name, server, {
            dropped: 'Dropped the scratch database',
            kept: "Could not drop the restore drill's scratch database"
        });
        if (base !== session)
            await base.close();
    })());
    const forget = session.cancellation.defer(drop);
    return {
        session: into,
        ready,
        drop: () => drop().finally(forget)
    };
}
/** Restores the dump into the scratch database and compares its rows. */
async function drill(session, plan, into, input) {
    const started = performance.now();
    session.logger.info(`Restore drill: restoring the dump into the scratch database ${into.connection.dbname ?? ''} on ${into.connection.endpoint}`);
    const failure = await restoreInto(into, plan, input);
    const restored = parseRows(await into.query(COUNT_ROWS_SQL, 'count the rows of the restored tables', into.connection, true));
    const verified = compareRows(input.dumped, restored, failure, {
        file: plan.file,
        durationMs: performance.now() - started
    });
    session.logger.info(`Restore drill: ${verified.tables} table(s), ${verified.rows} row(s), each table's rows as dumped, in ${Math.round(verified.durationMs)} ms`);
    return verified;
}
/** Restores the dump into the scratch database; the restore's error message when it failed. */
async function restoreInto(into, plan, input) {
    try {
        await restore(into, {
            file: input.path,
            // as a restore would; a stream (plain, an age file) takes one job
            jobs: PARALLEL_RESTORE_FORMATS.includes(plan.format) && !input.readBack
                ? plan.jobs
                : 1,
            ...(input.readBack && { decryptKey: input.readBack })
        });
        return undefined;
    }
    catch (error) {
        if (error instanceof OperationCancelled)
            throw error;
        if (into.cancellation.reason !== undefined)
            throw error;
        if (error instanceof VerificationFailed)
            throw error;
        return error.message;
    }
}

;// CONCATENATED MODULE: ./lib/core/dump/compression.js

/** Why a compression cannot be used. */
class CompressionError extends Error {
    name = 'CompressionError';
}
const LEVELS = {
    gzip: [1, 9],
    lz4: [1, 12],
    zstd: [1, 22]
};
/** The first pg_dump major that knows each method. */
const FIRST_MAJOR = {
    gzip: 8,
    none: 8,
    lz4: 16,
    zstd: 16
};
const COMPRESSION_FORMS = 'none, gzip[:1-9], lz4[:1-12], zstd[:1-22], or a gzip level 0-9';
/** Parses `gzip`, `gzip:6`, `lz4`, `zstd:3`, `none`, or a bare 0–9 gzip level. */
function parseCompression(text) {
    const value = text.trim().toLowerCase();
    if (/^\d$/.test(value)) {
        return value === '0'
            ? { method: 'none' }
            : { method: 'gzip', level: Number(value) };
    }
    const m = /^(none|gzip|lz4|zstd)(?::(\d+))?$/.exec(value);
    if (!m)
        throw new CompressionError(`'${text}' is not a compression. Expected ${COMPRESSION_FORMS}.`);
    const method = m[1];
    if (m[2] === undefined)
        return { method };
    if (method === 'none')
        throw new CompressionError(`'none' takes no level.`);
    const [min, max] = LEVELS[method];
    const level = Number(m[2]);
    if (level < min || level > max) {
        throw new CompressionError(`${method} levels go from ${min} to ${max}, not ${level}.`);
    }
    return { method, level };
}
/** The `--compress` argument for a client of `clientMajor`; throws when it cannot do it. */
function compressArg(c, clientMajor) {
    if (clientMajor < FIRST_MAJOR[c.method]) {
        throw new CompressionError(`compress '${describeCompression(c)}' needs pg_dump ${FIRST_MAJOR[c.method]} or newer, ` +
            `but the client that runs is PostgreSQL ${clientMajor}.`);
    }
    if (clientMajor >= 16)
        return `--compress=${describeCompression(c)}`;
    return `--compress=${c.method === 'none' ? 0 : (c.level ?? 6)}`;
}
/** `gzip:6`, `lz4`, `none` */
function describeCompression(c) {
    return c.level === undefined ? c.method : `${c.method}:${c.level}`;
}
/**
 * The --compress argument for the client that runs, or none; a command
 * ToolError when the format or the client cannot do it.
 */
function dumpCompressArg(format, compression, clientMajor, wording) {
    if (compression === undefined)
        return undefined;
    const refuse = (message) => new ToolError('command', message, { tool: 'pg_dump' });
    if (format === 'tar' || format === 'plain') {
        throw refuse(`${wording.name('compression')} '${describeCompression(compression)}' applies to the custom and directory formats, not ${format}.`);
    }
    try {
        return compressArg(compression, clientMajor);
    }
    catch (error) {
        if (error instanceof CompressionError) {
            throw refuse(`${error.message} Use gzip or none, or a newer client (${wording.name('pgVersion')}).`);
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./lib/core/dump/kept-uses.js
// What kept objects use in the schemas a dump leaves out, from the
// catalogue in one query. Members of extensions are no concern (the
// extension brings them); uses of them are only counted per extension.


// The catalogues whose objects live in a schema, by their schema column.
const IN_SCHEMA = [
    ['pg_class', 'relnamespace'],
    ['pg_type', 'typnamespace'],
    ['pg_proc', 'pronamespace'],
    ['pg_constraint', 'connamespace'],
    ['pg_operator', 'oprnamespace'],
    ['pg_opclass', 'opcnamespace'],
    ['pg_opfamily', 'opfnamespace'],
    ['pg_collation', 'collnamespace'],
    ['pg_conversion', 'connamespace'],
    ['pg_statistic_ext', 'stxnamespace'],
    ['pg_ts_config', 'cfgnamespace'],
    ['pg_ts_dict', 'dictnamespace'],
    ['pg_ts_parser', 'prsnamespace'],
    ['pg_ts_template', 'tmplnamespace']
];
// Objects without a schema of their own belong to another: a rule, trigger,
// default or policy to its table, an operator family's members to it.
const OWNERS = [
    ['pg_rewrite', 'ev_class', 'pg_class'],
    ['pg_trigger', 'tgrelid', 'pg_class'],
    ['pg_attrdef', 'adrelid', 'pg_class'],
    ['pg_policy', 'polrelid', 'pg_class'],
    ['pg_amop', 'amopfamily', 'pg_opfamily'],
    ['pg_amproc', 'amprocfamily', 'pg_opfamily']
];
const inside = IN_SCHEMA.map(([t, n]) => `SELECT '${t}'::regclass::oid AS classid, oid FROM ${t} WHERE ${n} IN (SELECT oid FROM ns)`).join('\n  UNION ALL ');
const ownerClass = `CASE ${OWNERS.map(([t, , owner]) => `WHEN d.classid = '${t}'::regclass THEN '${owner}'::regclass::oid`).join(' ')} ELSE d.classid END`;
const ownerOid = `coalesce(${OWNERS.map(([t, column]) => `${t}.${column}`).join(', ')}, d.objid)`;
const ownerJoins = OWNERS.map(([t]) => `LEFT JOIN ${t} ON d.classid = '${t}'::regclass AND ${t}.oid = d.objid`).join('\n  ');
// Names come from pg_identify_object (schema names quoted as needed), called
// once per object used and per object named: never for each dependency, so
// that the query stays cheap and far below the planner's JIT threshold,
// which the first form of this query crossed on large models.
const QUERY = (names) => `WITH excluded AS (SELECT json_array_elements_text(${names}::json) AS name),
ns AS (SELECT oid FROM pg_namespace WHERE nspname IN (SELECT name FROM excluded)),
inside AS (
  ${inside}
),
uses AS (
  SELECT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid,
    ${ownerClass} AS oclass, ${ownerOid} AS oobj
  FROM pg_depend d
  JOIN inside i ON i.classid = d.refclassid AND i.oid = d.refobjid
  ${ownerJoins}
  WHERE d.deptype = 'n'
  OFFSET 0
),
kept AS (
  SELECT u.*, u.classid = 'pg_rewrite'::regclass AS rule,
    -- a rule counts as its view
    CASE WHEN u.classid = 'pg_rewrite'::regclass THEN u.oclass ELSE u.classid END AS objclass,
    CASE WHEN u.classid = 'pg_rewrite'::regclass THEN u.oobj ELSE u.objid END AS objoid
  FROM uses u
  WHERE NOT EXISTS (SELECT FROM inside i WHERE i.classid = u.oclass AND i.oid = u.oobj)
    AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = u.oclass AND e.objid = u.oobj AND e.deptype = 'e')
),
refs AS (
  SELECT s.refclassid, s.refobjid, ref.type, ref.identity,
    -- the extension it belongs to; an array type, its element type's
    (SELECT (SELECT x.extname FROM pg_extension x WHERE x.oid = e.refobjid) FROM pg_depend e
      WHERE e.classid = s.refclassid AND e.deptype = 'e'
        AND e.objid IN (s.refobjid, (SELECT i.refobjid FROM pg_depend i WHERE i.classid = s.refclassid
          AND i.objid = s.refobjid AND i.refclassid = s.refclassid AND i.deptype = 'i' LIMIT 1))
      LIMIT 1) AS extension
  FROM (SELECT DISTINCT refclassid, refobjid FROM kept) s
  -- objsubid 0: a column used counts as its table
  CROSS JOIN LATERAL pg_identify_object(s.refclassid, s.refobjid, 0) ref
),
found AS (
  SELECT k.*, r.type AS rtype, r.identity AS ridentity, r.extension
  FROM kept k JOIN refs r ON r.refclassid = k.refclassid AND r.refobjid = k.refobjid
),
named AS (
  SELECT DISTINCT
    CASE WHEN f.rule THEN 'view ' || obj.identity ELSE dep.type || ' ' || dep.identity END AS dependent,
    CASE WHEN f.rule THEN 'view' ELSE dep.type END AS kind,
    obj.identity AS object, obj.type AS "objectKind",
    f.rtype || ' ' || f.ridentity AS used, f.rtype AS "usedKind", NULL::name AS extension
  FROM found f
  CROSS JOIN LATERAL pg_identify_object(f.objclass, f.objoid, 0) obj
  CROSS JOIN LATERAL pg_identify_object(f.classid, f.objid, f.objsubid) dep
  WHERE f.extension IS NULL
),
members AS (
  -- uses of extension members are counted, not named: kinds from the catalogue
  SELECT DISTINCT '' AS dependent, '' AS kind, f.objclass || '/' || f.objoid AS object,
    CASE f.objclass
      WHEN 'pg_class'::regclass THEN (SELECT CASE c.relkind WHEN 'i' THEN 'index' WHEN 'I' THEN 'index'
        WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table'
        WHEN 'S' THEN 'sequence' WHEN 'c' THEN 'composite type' ELSE 'table' END
        FROM pg_class c WHERE c.oid = f.objoid)
      WHEN 'pg_proc'::regclass THEN 'function'
      ELSE (SELECT o.type FROM pg_identify_object(f.objclass, f.objoid, 0) o) END AS "objectKind",
    '' AS used, f.rtype AS "usedKind", f.extension
  FROM found f
  WHERE f.extension IS NOT NULL
)
SELECT coalesce(json_agg(x ORDER BY extension, dependent, used), '[]')
FROM (SELECT * FROM named UNION ALL SELECT * FROM members) x`;
/**
 * The uses of objects inside `excluded` by objects outside it (a view over
 * a table, a trigger calling a function, a column of a type there), leaving
 * out the members of extensions. A use of an extension's member comes with
 * its extension, the kinds of the object and of the member, and an id for
 * the object in place of names.
 */
async function keptUses(session, excluded) {
    const json = await session.query(QUERY(quoteLiteral(JSON.stringify(excluded))), 'find the kept objects that use the excluded schemas', session.connection, true);
    const value = JSON.parse(json);
    const text = (v) => typeof v === 'string';
    if (!Array.isArray(value) ||
        !value.every((u) => text(u.dependent) &&
            text(u.kind) &&
            text(u.object) &&
            text(u.objectKind) &&
            text(u.used) &&
            text(u.usedKind))) {
        throw new ToolError('failed', `psql printed no list of uses: ${json}`);
    }
    return value;
}

;// CONCATENATED MODULE: ./lib/core/dump/schemas.js
// The schema lists of a dump, checked against the database before pg_dump
// runs: items that match no schema are named with the schemas there are,
// and an excluded schema that kept objects use is named with those objects.




/** The schemas the connection's database holds, system schemas left out. */
async function schemaNames(session) {
    const json = await session.query(`SELECT coalesce(json_agg(nspname ORDER BY nspname), '[]') FROM pg_namespace ` +
        `WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`, 'list the schemas of the database', session.connection, true);
    return parseList(json);
}
function parseList(json) {
    const value = JSON.parse(json);
    if (!Array.isArray(value) || !value.every(v => typeof v === 'string')) {
        throw new ToolError('failed', `psql printed no list of names: ${json}`);
    }
    return value;
}
/** Warns about the items of `option` that match no schema in `names`. */
function warnUnmatched(session, option, unmatched, names) {
    const warning = unmatchedWarning(session.wording.name(option), unmatched, names, session.target);
    if (warning)
        session.logger.warning(warning);
}
/**
 * The dump's schema lists as pg_dump patterns, after checking them against
 * the database; warns about items that match nothing and about kept
 * objects that use an excluded schema.
 */
async function checkedSchemaPatterns(session, excludeSchemas, schemas) {
    if (excludeSchemas.length === 0 && schemas.length === 0) {
        return { excludeSchemas: [], schemas: [] };
    }
    const names = await schemaNames(session);
    const excluded = matchSchemas(excludeSchemas, names);
    warnUnmatched(session, 'excludeSchemas', excluded.unmatched, names);
    warnUnmatched(session, 'schemas', matchSchemas(schemas, names).unmatched, names);
    if (excluded.matched.length) {
        const uses = await keptUses(session, excluded.matched);
        // pg_dump creates extensions unless a schema list narrows the dump
        const at = { at: 'dump', createsExtensions: schemas.length === 0 };
        for (const warning of keptUsesWarnings(uses, excluded.matched, at))
            session.logger.warning(warning);
    }
    return {
        excludeSchemas: excludeSchemas.map(pgDumpPattern),
        schemas: schemas.map(pgDumpPattern)
    };
}

;// CONCATENATED MODULE: ./lib/core/dump/plan.js
// A dump's plan, settled before pg_dump runs: the targets checked, the
// server asked its version, a client chosen, the compression and the schema
// patterns checked, the targets' folders made. What is wrong fails here,
// before anything is written.








/**
 * Checks the options against the target and the server; the plan of the
 * dump. `streamed`: no file is written (the dump goes to a store's stream),
 * so no target is checked and no folder made.
 */
async function planDump(session, options, streamed = false, local = localPlan(session, options, streamed)) {
    const server = await session.serverVersion();
    const client = await session.client({
        major: server.major,
        why: `the server (${server.text})`,
        tool: 'pg_dump'
    });
    const patterns = await checkedSchemaPatterns(session, options.excludeSchemas ?? [], options.schemas ?? []);
    if (!streamed)
        await makeFolders(local);
    return { ...writePlan(session, options, local, client, patterns), server };
}
/**
 * The plan of a dump, whose pg_dump may start while the connection is
 * checked (the check and pg_dump's start are each tens of milliseconds a
 * fixture's step pays) where nothing pg_dump is given depends on the
 * server: its client is the folder `pgBinDir` names, and no schema pattern
 * is matched against the database, no scrub or drill comes first. Then
 * `checked` is the plan planDump makes, the check included; else the plan
 * is planDump's.
 */
async function planAhead(session, options) {
    const matched = [
        ...(options.excludeSchemas ?? []),
        ...(options.schemas ?? [])
    ];
    if (options.scrub || options.verify === 'restore' || matched.length > 0)
        return planDump(session, options);
    const local = localPlan(session, options);
    const checked = planDump(session, options, false, local); // the check starts
    // awaited once pg_dump ends, or by the caller: a refusal meanwhile (while
    // the client is found) is not an unhandled rejection
    checked.catch(() => { });
    const client = await session.clients.given();
    if (!client)
        return checked;
    const plan = writePlan(session, options, local, client, {
        excludeSchemas: [],
        schemas: []
    });
    await makeFolders(local);
    return { ...plan, checked };
}
/** The checks that need no server (of the targets: none when `streamed`). */
function localPlan(session, options, streamed = false) {
    const file = (0,external_node_path_.resolve)(options.file);
    const format = options.format ?? 'custom';
    const recipients = options.encryptTo ?? [];
    const plainFile = recipients.length > 0
        ? options.plainFile && (0,external_node_path_.resolve)(options.plainFile)
        : file;
    if (recipients.length > 0 && !ENCRYPTABLE_FORMATS.includes(format)) {
        throw new ToolError('command', `Cannot encrypt a ${format} dump: it is not one stream. Encrypt a custom or plain dump.`, { tool: 'pg_dump' });
    }
    for (const target of streamed ? [] : targetsOf({ file, plainFile })) {
        const unsafe = unsafeTarget(target, format === 'directory');
        if (unsafe) {
            throw new ToolError('command', `Cannot dump to ${target}: ${unsafe}. Choose another file.`, { tool: 'pg_dump' });
        }
    }
    const jobs = options.jobs ?? 1;
    if (jobs > 1 && !PARALLEL_DUMP_FORMATS.includes(format)) {
        session.logger.warning(`jobs ${jobs}: pg_dump runs in parallel only for the directory format; dumping ${format} with one job.`);
    }
    return { file, format, recipients, plainFile, jobs };
}
/** pg_dump's client and arguments, for the targets and schema patterns. */
function writePlan(session, options, local, client, patterns) {
    const { format } = local;
    const compress = dumpCompressArg(format, options.compression, client.version?.major ?? 16, session.wording);
    const { jobs } = local;
    return {
        ...local,
        client,
        args: (connection, to, how) => dumpArgs({
            conninfo: connection.conninfo,
            file: to,
            format,
            excludeSchemas: patterns.excludeSchemas,
            schemas: patterns.schemas,
            excludeTableData: options.excludeTableData,
            jobs,
            compress,
            owner: options.owner,
            privileges: options.privileges,
            ...how
        })
    };
}
/** The paths a dump writes: the target, and a kept plaintext. */
function targetsOf(plan) {
    return [...new Set([plan.file, plan.plainFile])].filter((target) => target !== undefined);
}
async function makeFolders(local) {
    for (const target of targetsOf(local))
        await makeFolderOf(target);
}
/** Makes the folder a dump target lies in; a command ToolError when that fails. */
async function makeFolderOf(target) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true }).catch((error) => {
        throw new ToolError('command', `Cannot create the folder ${(0,external_node_path_.dirname)(target)} for the dump: ${error.message}`, { tool: 'pg_dump' });
    });
}

;// CONCATENATED MODULE: ./lib/core/dump/scrub-commit.js
// Proof that a scrub script's changes were kept. psql runs the script in one
// transaction, but the script may end it itself (`ROLLBACK`, `COMMIT` then
// more statements, `ROLLBACK; BEGIN; …`) and psql still exits 0 (issue 19).
// Right before and right after the script, the same session reports the id
// of its transaction in a notice carrying a token made for this run; the
// script ran whole in one transaction that committed when both reports name
// the same transaction and the server, asked from another session once psql
// has exited, says that transaction committed. An id cannot be forged: a
// transaction that ended never runs again, and one that rolled back never
// becomes committed.


/** A new proof, with its own random token. */
function commitProof() {
    const token = (0,external_node_crypto_.randomBytes)(16).toString('hex');
    return { token, before: report(token), after: report(token) };
}
/**
 * A notice naming the session's transaction. Every name is qualified (the
 * script may put functions of its own first on the search_path), and
 * client_min_messages is raised for the notice only (a role or the script
 * may have set it to hide notices).
 */
function report(token) {
    return ('DO $pg_dumper$DECLARE was text := pg_catalog.current_setting($$client_min_messages$$); BEGIN ' +
        'PERFORM pg_catalog.set_config($$client_min_messages$$, $$notice$$, true); ' +
        `RAISE NOTICE $$pg_dumper scrub ${token} transaction %$$, pg_catalog.txid_current(); ` +
        'PERFORM pg_catalog.set_config($$client_min_messages$$, was, true); END$pg_dumper$');
}
/** The transaction ids reported in psql's stderr: the first and the last report. */
function reportedTransactions(stderr, token) {
    const ids = [
        ...stderr.matchAll(new RegExp(`pg_dumper scrub ${token} transaction (\\d+)`, 'g'))
    ].map(m => m[1]);
    return ids.length < 2
        ? { before: ids[0] }
        : { before: ids[0], after: ids.at(-1) };
}
/**
 * Resolves when the script's transaction is proven committed; else throws
 * ScrubFailed saying what the script did (its changes may be missing from
 * the copy, which must not be dumped).
 */
async function checkCommitted(session, stderr, proof, label) {
    const { before, after } = reportedTransactions(stderr, proof.token);
    let why = 'psql did not report the transaction it ran the script in';
    if (before !== undefined && after !== undefined) {
        // from the maintenance database: the copy's catalogue is the script's
        const status = await session.query(`SELECT pg_catalog.txid_status(${before})`, 'ask whether the scrub script committed');
        if (before === after && status === 'committed')
            return;
        why =
            status === 'aborted'
                ? 'it rolled back the transaction it runs in'
                : 'it ended the transaction it runs in and went on outside it';
    }
    throw new ScrubFailed(`The scrub script ${label} did not commit as one transaction (${why}), so its changes cannot be proven kept: nothing was dumped and the throwaway copy was dropped. ` +
        'The script runs in one transaction that pg-dumper commits: leave out BEGIN, COMMIT, END, ROLLBACK and PREPARE TRANSACTION (SAVEPOINT and ROLLBACK TO SAVEPOINT are fine).', { tool: 'psql', exitCode: 0 });
}

;// CONCATENATED MODULE: ./lib/core/dump/scrub-errors.js
// What a failed scrub script says: psql's own message, its
// `psql:<file>:<line>:` prefix turned into the script's line, and nothing of
// the script's text (it may hold secrets: salts, replacement values).

// a name or value in a message, quoted as PostgreSQL quotes them (English
// "…", translations »…«, « … », “…”, „…“): the script's words, left out
const QUOTED = /"[^"\n]*"|»[^«\n]*«|«[^»\n]*»|“[^”\n]*”|„[^“”\n]*[“”]/g;
/** A message with its quoted names and values left out. */
function withoutQuotes(message) {
    return message.replace(QUOTED, '"…"');
}
/**
 * The message of a scrub script psql stopped, and the line it stopped at.
 * Only the first line of each message is kept, without what it quotes:
 * psql and the server quote the failing statement (`LINE 2: …`, DETAIL,
 * CONTEXT, QUERY) and its words (`syntax error at or near "…"`).
 */
function scrubFailure(result, file, label) {
    const prefix = `psql:${file}:`;
    const lines = (0,process_runner/* failureMessage */.oh)('psql', result).split('\n');
    // psql prefixes each message about the script with its file and line;
    // the notices before the error are left out
    const at = lines.findIndex(l => /^(?:psql:.*?:\d+: )?(?:ERROR|FATAL|PANIC):/.test(l));
    const from = lines.slice(at < 0 ? 0 : at);
    let line;
    const kept = [];
    for (const l of from) {
        const match = l.startsWith(prefix)
            ? /^(\d+): (.*)$/.exec(l.slice(prefix.length))
            : null;
        if (!match)
            continue;
        line ??= Number(match[1]);
        kept.push(match[2]);
    }
    if (line === undefined && /^psql: error:/m.test(from.join('\n'))) {
        return {
            message: `The scrub script ${label} could not run in the throwaway copy, so nothing was dumped and the copy was dropped: ${from.join('\n')}\nThe role must be able to connect to the copy (pg_hba.conf: databases named pg_dumper_scrub_…).`
        };
    }
    // a message about no line of the script (a lost connection): its first line
    if (kept.length === 0 && from[0])
        kept.push(from[0]);
    const shown = withoutQuotes(kept.join('\n')) ||
        (0,process_runner/* failureMessage */.oh)('psql', { ...result, stderr: '' });
    const where = line === undefined ? '' : ` at line ${line}`;
    const left = shown.includes('"…"')
        ? ' (names and values are left out: the script may hold secrets)'
        : '';
    return {
        message: `The scrub script ${label} failed${where}, so nothing was dumped and the throwaway copy was dropped: ${shown}${left}`,
        line
    };
}

;// CONCATENATED MODULE: ./lib/core/dump/scrub.js
// Sanitised fixtures: the database is copied (CREATE DATABASE … TEMPLATE),
// the user's SQL script runs in the copy, and the copy is dumped in the
// source's place. The copy is dropped afterwards, whatever happens (also on
// cancellation); the source is only ever read.















/** Every copy's name starts so, to be found if a killed run left one. */
const COPY_PREFIX = 'pg_dumper_scrub_';
/** Meta-commands that would run the rest of the script outside the copy. */
const LEAVES_COPY = new Set(['c', 'connect']);
/**
 * Copies the session's database, runs the script in the copy and calls
 * `fn` with a connection to it; drops the copy afterwards. A script that
 * fails throws ScrubFailed before `fn` runs; a copy that cannot be made,
 * ScrubCopyFailed.
 */
async function withScrubbedCopy(session, plan, fn) {
    return withScriptFile(session, plan.script, async (file, label) => {
        await checkScript(session, file, label, plan.allowMetaCommands);
        const source = await session.databaseName();
        const copy = `${COPY_PREFIX}${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
        let dropping;
        const drop = () => (dropping ??= dropThrowaway(session, copy, plan.server, {
            dropped: 'Dropped the throwaway database',
            kept: 'Could not drop the scrubbed copy'
        }));
        const forget = session.cancellation.defer(drop);
        let result;
        try {
            await createCopy(session, source, copy, plan.server);
            const connection = session.connection.withDbname(copy);
            await scrub_runScript(session, await scrubClient(session, plan), connection, {
                file,
                label,
                restricted: !plan.allowMetaCommands
            });
            session.logger.info(`Dumping the scrubbed copy ${copy} as ${source}`);
            result = await fn(connection, source);
        }
        catch (error) {
            // the first error explains the failure: a failed drop only warns
            await drop();
            throw error;
        }
        finally {
            forget();
        }
        await drop();
        return result;
    });
}
/** The script as a file: the one given, or the inline SQL in a private temp file. */
async function withScriptFile(session, script, fn) {
    if ('file' in script)
        return fn((0,external_node_path_.resolve)(script.file), script.file);
    const label = `the SQL in ${session.wording.name('scrub')}`;
    return withTrackedTemp(session.cancellation, { prefix: 'scrub' }, dir => {
        const file = (0,external_node_path_.join)(dir, 'scrub.sql');
        return (0,promises_.writeFile)(file, script.sql, { mode: 0o600 }).then(() => fn(file, label));
    });
}
/**
 * Refuses the script's meta-commands before anything runs (psql would run
 * them on this machine), unless allowed; `\connect` always, which would run
 * the rest of the script in another database, production perhaps.
 */
async function checkScript(session, file, label, allowMetaCommands) {
    const { metaCommands } = await scanPlainScript(file, new Set()).catch((error) => {
        throw new ToolError('command', `Cannot read the scrub script ${label}: ${error.message}`, { tool: 'psql' });
    });
    const refused = metaCommands.filter(m => !allowMetaCommands || LEAVES_COPY.has(m.command));
    if (refused.length === 0)
        return;
    const places = metaCommandPlaces(refused);
    const why = refused.every(m => LEAVES_COPY.has(m.command))
        ? `\\connect would run the rest of the script outside the throwaway copy; a scrub script runs in the copy only`
        : `psql would run them on this machine (a shell, files written or read). Write the script in SQL (a DO block for loops), or, for a script you trust, set ${session.wording.name('allowMetaCommands')}`;
    throw new ToolError('command', `The scrub script ${label} holds psql meta-commands (${places}), so nothing was run or dumped: ${why}.`, { tool: 'psql' });
}
/** CREATE DATABASE copy TEMPLATE source, or ScrubCopyFailed saying what to do. */
async function createCopy(session, source, copy, server) {
    // file copy (PostgreSQL 15+) spares the WAL a whole database's blocks
    const strategy = server.major >= 15 ? ' STRATEGY = FILE_COPY' : '';
    const sql = `CREATE DATABASE ${quoteIdent(copy)} TEMPLATE ${quoteIdent(source)}${strategy}`;
    session.logger.info(`Copying ${source} to the throwaway database ${copy} to scrub it; ${source} itself is only read`);
    const args = psqlCommandArgs(session.maintenance.conninfo, [sql]);
    const result = await session.run(await session.probe(), 'psql', args);
    if (result.exitCode !== 0)
        throw await copyFailed(session, source, result);
}
/** ScrubCopyFailed with psql's message and what to do about it. */
async function copyFailed(session, source, result) {
    const said = (0,process_runner/* failureMessage */.oh)('psql', result);
    const failure = { tool: 'psql', ...result };
    let problem = 'other';
    let advice = '';
    if (/is being accessed by other users/.test(said)) {
        problem = 'busy';
        advice =
            `CREATE DATABASE … TEMPLATE needs ${source} without other sessions, and it had some. ` +
                'Scrub where nothing else connects: restore the database (the nightly dump) into a server of its own, ' +
                'such as a service container, and dump that with scrub; or run when no application is connected.';
    }
    else if (/permission denied to (create|copy) database/.test(said)) {
        problem = 'permission';
        const role = await session
            .query('SELECT current_user', 'ask the role', session.maintenance, true)
            .catch(() => 'the role');
        advice =
            `The scrub's throwaway copy needs a role that may create databases and owns ${source} (or a superuser): ` +
                `ALTER ROLE ${quoteIdent(role)} CREATEDB, or connect as such a role.`;
    }
    return new ScrubCopyFailed(`Cannot copy ${source} to scrub it, so nothing was dumped and ${source} was not changed: ${said}${advice ? `\n${advice}` : ''}`, failure, problem);
}
/** The psql that runs the script: one with restricted mode unless meta-commands are allowed. */
function scrubClient(session, plan) {
    if (plan.allowMetaCommands)
        return Promise.resolve(plan.client);
    return session.client({
        major: plan.server.major,
        why: `the server (${plan.server.text})`,
        tool: 'psql',
        restricted: true
    });
}
/**
 * Runs the script in the copy (in psql's restricted mode unless
 * meta-commands are allowed), or throws ScrubFailed with psql's message
 * and line.
 */
async function scrub_runScript(session, client, copy, { file, label, restricted }) {
    const started = performance.now();
    const proof = commitProof();
    const result = await runScript(session, client, r => psqlScrubArgs(copy.conninfo, file, proof, r), restricted, { unloggedStderr: true });
    if (result.exitCode !== 0) {
        const { message, line } = scrubFailure(result, file, label);
        // psql's raw stderr quotes the script: the error carries the message only
        const failure = { tool: 'psql', exitCode: result.exitCode };
        throw new ScrubFailed(message, { ...failure, stderr: message }, line);
    }
    await checkCommitted(session, result.stderr, proof, label);
    session.logger.info(`Ran the scrub script ${label} in ${copy.dbname} in ${formatDuration(performance.now() - started)}`);
}

;// CONCATENATED MODULE: ./lib/core/age/age-stream.js
// Encrypting a stream into a stream (a dump on its way to a store): the age
// bytes are handed on as they come, and decrypted again as they pass with
// the file's own key, so that what is stored is shown to decrypt to exactly
// the bytes that went in. Nothing is written to disk.




const toWeb = (stream) => external_node_stream_.Readable.toWeb(stream);
const fromWeb = (stream) => external_node_stream_.Readable.fromWeb(stream);
/** Decrypts what is written to `copy` with the file key the witness kept: the plaintext's digest. */
async function decryptedDigest(copy, witness) {
    const { Decrypter } = await ageLibrary();
    const decrypter = new Decrypter();
    decrypter.addIdentity({ unwrapFileKey: () => witness.fileKey ?? null });
    const plain = fromWeb(await decrypter.decrypt(toWeb(copy)));
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    for await (const chunk of plain) {
        hash.update(chunk);
        size += chunk.length;
    }
    return { sha256: hash.digest('hex'), size };
}
/**
 * Encrypts what is written to the returned `input` to `recipients`,
 * handing each age chunk to `write` (which resolves once it may be reused).
 */
async function encryptingInto(recipients, write) {
    const { Encrypter } = await ageLibrary();
    const encrypter = new Encrypter();
    for (const recipient of recipients)
        encrypter.addRecipient(recipient);
    const witness = new FileKeyWitness();
    encrypter.addRecipient(witness);
    const input = new external_node_stream_.PassThrough();
    const tap = hashing();
    const source = input.pipe(tap);
    input.on('error', error => source.destroy(error));
    const cipher = fromWeb(await encrypter.encrypt(toWeb(source)));
    const copy = new external_node_stream_.PassThrough();
    const checking = decryptedDigest(copy, witness);
    checking.catch(() => { });
    const done = (async () => {
        try {
            for await (const chunk of cipher) {
                const bytes = Buffer.from(chunk);
                await write(bytes);
                if (!copy.write(bytes))
                    await Promise.race([(0,external_node_events_.once)(copy, 'drain'), checking]);
            }
            copy.end();
        }
        catch (error) {
            copy.destroy();
            input.destroy();
            throw error;
        }
        const back = await checking;
        if (back.sha256 !== tap.sha256() || back.size !== tap.size()) {
            throw new Error(`the age stream decrypts to other bytes than went in (${back.size} bytes, not ${tap.size()})`);
        }
    })();
    done.catch(() => { });
    return { input, done };
}

// EXTERNAL MODULE: ./lib/core/dump/follow.js
var follow = __nccwpck_require__(6121);
;// CONCATENATED MODULE: ./lib/core/dump/stream-check.js
// Reading a dump back as it streams from pg_dump to a store, nothing on
// disk: a custom archive's data blocks in this process (written to a pipe,
// its table of contents comes first, without offsets, then the blocks in
// order), or, for an archive this reader does not read (lz4, zstd, another
// version), pg_restore reading the same bytes through a FIFO; a plain
// script by pg_dump's closing line.








/** The check for a format pg_dump writes as one stream. */
function streamCheck(session, client, format) {
    return format === 'custom'
        ? new CustomStreamCheck(session, client)
        : new PlainStreamCheck();
}
/** pg_dump's comment before each object of a plain script. */
const stream_check_PLAIN_ENTRY = /^-- (?:Data for )?Name: .*; Type: /m;
const stream_check_TAIL = 4096;
/** A plain script: its closing line at the end, and whether it holds an object. */
class PlainStreamCheck {
    #tail = Buffer.alloc(0);
    #entry = false;
    #carry = '';
    push(bytes) {
        this.#tail = Buffer.concat([this.#tail, bytes]).subarray(-stream_check_TAIL);
        if (!this.#entry) {
            const text = this.#carry + bytes.toString('latin1');
            this.#entry = stream_check_PLAIN_ENTRY.test(text);
            this.#carry = text.slice(text.lastIndexOf('\n') + 1);
        }
        return Promise.resolve();
    }
    end() {
        if (!endsComplete(this.#tail)) {
            return Promise.reject(unreadable(`the plain dump is incomplete: it lacks pg_dump's completion line (${PLAIN_COMPLETE})`));
        }
        return Promise.resolve({
            how: "it ends with pg_dump's completion line",
            entries: this.#entry
        });
    }
    close() { }
}
/** A custom archive: its blocks read here, or by pg_restore when this reader does not know it. */
class CustomStreamCheck {
    #session;
    #client;
    #head = new follow/* HeadWatch */.y();
    #reader;
    #restore;
    constructor(session, client) {
        this.#session = session;
        this.#client = client;
    }
    async push(bytes) {
        if (this.#restore)
            return this.#restore.write(bytes);
        const data = this.#head.add(bytes);
        if (this.#head.givenUp)
            return this.#handOver();
        if (data)
            this.#read(data);
    }
    /** The archive is one pg_restore must read: the bytes held go first. */
    async #handOver() {
        this.#restore = new RestoreFeed(this.#session, this.#client);
        const held = this.#head.dropped ?? Buffer.alloc(0);
        this.#head.dropped = undefined;
        await this.#restore.write(held);
    }
    #read(data) {
        this.#reader ??= new custom_data/* CustomDataReader */.Lv(this.#head.toc);
        try {
            this.#reader.push(data);
        }
        catch (error) {
            throw problem(error);
        }
    }
    async end() {
        if (!this.#restore) {
            const rest = this.#head.finish();
            if (this.#head.givenUp)
                await this.#handOver();
            else if (rest)
                this.#read(rest);
        }
        if (this.#restore)
            return this.#restore.end();
        const toc = this.#head.toc;
        const reader = this.#reader;
        if (!toc || !reader)
            throw unreadable('it wrote no archive');
        try {
            reader.end();
        }
        catch (error) {
            throw problem(error);
        }
        finally {
            reader.close();
        }
        const missing = toc.entries.find(e => e.flag !== custom_toc/* OFFSET_NO_DATA */.zp && !reader.blocks.has(e.dumpId));
        if (missing) {
            throw unreadable(`its archive cannot be read back end to end: entry ${missing.dumpId} has no data block`);
        }
        const entries = toc.entries.filter(e => e.listed).length;
        return {
            how: `pg-dumper read the whole archive back itself as it passed (${entries} entries, ${readHow(toc.compression === 'gzip')})`,
            entries: entries > 0
        };
    }
    close() {
        this.#reader?.close();
        this.#restore?.stop();
    }
}
/** A reader's DataProblem as the dump's failure. */
function problem(error) {
    if (!(error instanceof custom_data/* DataProblem */._O))
        return error;
    return unreadable(`its archive cannot be read back end to end: ${error.message}`);
}
/** pg_restore reading the rest of the stream through a FIFO, its output thrown away. */
class RestoreFeed {
    #pass = new external_node_stream_.PassThrough();
    #done;
    constructor(session, client) {
        this.#done = feedingFifo(session.cancellation, () => Promise.resolve(this.#pass), fifo => session.run(client, 'pg_restore', streamReadBackArgs(fifo)), 
        // pg_restore may stop reading early: the stream still goes on
        true);
        this.#done.catch(() => { });
    }
    async write(bytes) {
        if (this.#pass.write(bytes))
            return;
        // pg_restore that never started reads nothing: its end ends the wait
        await Promise.race([(0,external_node_events_.once)(this.#pass, 'drain'), this.#done]);
    }
    async end() {
        this.#pass.end();
        const result = await this.#done;
        if (result.exitCode !== 0) {
            throw unreadable('its archive cannot be read back end to end', result);
        }
        return {
            how: 'pg_restore read the whole archive back as it passed',
            entries: true
        };
    }
    stop() {
        this.#pass.destroy();
    }
}

;// CONCATENATED MODULE: ./lib/core/dump/stream.js
// A dump streamed into a store instead of a file: pg_dump writes into a FIFO,
// and its bytes are read back (stream-check.ts), encrypted when asked, hashed
// and handed to the store's stream as they pass; nothing is written to
// disk. The stream is ended only once pg_dump exited 0 and the read-back
// passed; after a failure it is left unended, for the store to discard.







/** The formats pg_dump writes as one stream, which alone can be streamed to a store. */
const STREAMABLE_FORMATS = (/* unused pure expression or super */ null && (['custom', 'plain']));
/** Writing to the store failed: nothing of the dump is kept. */
function storeError(error) {
    return new ToolError('command', `Cannot write the dump into its store: ${error.message}. Nothing was kept.`, { tool: 'pg_dump' });
}
/** Writes `bytes` to `to`, resolving once it took them; rejects early when `failed` does. */
function writeChunk(to, bytes, failed) {
    const written = new Promise((resolve, reject) => to.write(bytes, error => (error ? reject(error) : resolve())));
    return failed ? Promise.race([written, failed.then(() => { })]) : written;
}
/**
 * pg_dump of `connection` streamed into `into` (its bytes, or the age
 * file's when the plan has recipients), read back as they pass; returns
 * the digest of what was written. `into` is ended only on success.
 */
async function writeStreamed(session, plan, connection, into) {
    const { client, format, recipients } = plan;
    if (format !== 'custom' && format !== 'plain') {
        throw new ToolError('command', `A ${format} dump is not one stream: it cannot be streamed into a store.`, { tool: 'pg_dump' });
    }
    // failures come through the writes' callbacks
    into.on('error', () => { });
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const store = async (bytes) => {
        hash.update(bytes);
        size += bytes.length;
        await writeChunk(into, bytes).catch((error) => {
            throw storeError(error);
        });
    };
    let encryption;
    if (recipients.length > 0) {
        encryption = await encryptingInto(recipients, store);
    }
    const forward = encryption
        ? (bytes) => writeChunk(encryption.input, bytes, encryption.done).catch((error) => {
            throw encryptError(error);
        })
        : store;
    const check = streamCheck(session, client, format);
    try {
        await dumpInto(session, plan, connection, check, forward);
        session.cancellation.throwIfCancelled('pg_dump was stopped and nothing was kept');
        const checked = await check.end();
        if (encryption) {
            encryption.input.end();
            await encryption.done.catch((error) => {
                throw encryptError(error);
            });
        }
        await new Promise((resolve, reject) => into.end((error) => (error ? reject(error) : resolve()))).catch((error) => {
            throw storeError(error);
        });
        const age = encryption
            ? 'encrypted with age (read back: it decrypts to the bytes pg_dump wrote), '
            : '';
        session.logger.info(`Verified: ${checked.how}; streamed ${age}nothing written to disk`);
        if (!checked.entries)
            warnEmpty(session);
        return { size, sha256: hash.digest('hex') };
    }
    finally {
        check.close();
        encryption?.input.destroy();
    }
}
/** An encryption failure, unless it is the store's own (already worded). */
function encryptError(error) {
    if (error instanceof ToolError)
        return error;
    return new ToolError('command', `Cannot encrypt the dump as it streams: ${error.message}. Nothing was kept.`, { tool: 'pg_dump' });
}
/**
 * Runs pg_dump into a FIFO while its bytes go through `check` to
 * `forward`; a failure of either stops pg_dump (a closed pipe) and is the
 * error thrown.
 */
function dumpInto(session, plan, connection, check, forward) {
    return withFifo(session.cancellation, async (fifo) => {
        const { stream, writerEnded } = fifoSource(fifo);
        const pumping = (async () => {
            try {
                for await (const chunk of stream) {
                    await check.push(chunk);
                    await forward(chunk);
                }
            }
            catch (error) {
                stream.destroy();
                throw error;
            }
        })();
        pumping.catch(() => { });
        try {
            const args = plan.args(connection, fifo, {
                verbose: false,
                noSync: true
            });
            const result = await session.run(plan.client, 'pg_dump', args);
            if (result.exitCode !== 0) {
                throw new ToolError('failed', (0,process_runner/* failureMessage */.oh)('pg_dump', result), {
                    tool: 'pg_dump',
                    exitCode: result.exitCode,
                    stderr: result.stderr
                });
            }
        }
        catch (error) {
            writerEnded();
            const stopped = new Error('pg_dump failed');
            stream.destroy(stopped);
            // pg_dump died of a closed pipe when the read-back or the store failed first
            const failed = await pumping.then(() => undefined, (e) => e);
            throw failed === undefined || failed === stopped ? error : failed;
        }
        finally {
            writerEnded();
        }
        await pumping;
    });
}

;// CONCATENATED MODULE: ./lib/core/dump/dump.js







/** Dumps to a temporary file beside the target and renames it only once verified. */
async function dump(session, options) {
    const started = performance.now();
    const planned = await planAhead(session, options);
    const { plan, written } = planned.checked
        ? await writeAhead(session, planned)
        : await writeChecked(session, planned, options);
    const { file, format, recipients, plainFile, server, client } = plan;
    const { logger } = session;
    const encrypted = recipients.length > 0;
    const { scrub } = options;
    if (encrypted) {
        logger.info(`Encrypted with age to ${recipients.length} recipient(s): ${file}`);
    }
    return {
        ...fileResult(logger, 'Wrote', {
            file,
            format,
            server,
            client,
            digest: written.digest,
            started
        }),
        ...(encrypted && {
            encryption: { recipients: recipients.length, plainFile }
        }),
        ...(scrub && {
            scrubbed: 'file' in scrub ? scrub.file : 'inline SQL'
        }),
        ...(written.verified && { verified: written.verified })
    };
}
/** The dump of a checked plan (of a scrubbed copy, when asked). */
async function writeChecked(session, plan, options) {
    const written = await onDumpedDatabase(session, plan, options, connection => write(session, plan, connection, options));
    return { plan, written };
}
/**
 * The dump with pg_dump started beside the connection check (planAhead);
 * made again once the check passed when pg_dump could not connect yet (the
 * check waited for the server).
 */
async function writeAhead(session, ahead) {
    const { checked } = ahead;
    try {
        const digest = await writeDump(session, ahead, session.connection);
        return { plan: await checked, written: { digest } };
    }
    catch (error) {
        if (!(error instanceof StartedTooEarly))
            throw error;
    }
    const plan = await checked;
    session.logger.info('pg_dump started before the server accepted connections: dumping again');
    return {
        plan,
        written: { digest: await writeDump(session, plan, session.connection) }
    };
}
/** The dump written and read back, with a restore drill when asked. */
async function write(session, plan, connection, options) {
    if (options.verify === 'restore')
        return writeDrilled(session, plan, connection, options);
    return { digest: await writeDump(session, plan, connection) };
}
/**
 * Dumps into `into` (a store's stream) instead of a file, read back as it
 * passes: custom or plain, encrypted when asked, scrubbed when asked;
 * `file` only names the dump. `into` is ended only once all is verified.
 */
async function dumpStreamed(session, options, into) {
    if (options.verify === 'restore' || options.plainFile !== undefined) {
        throw new ToolError('command', 'A dump streamed into a store is neither drilled nor kept as plaintext: write it to a file first.', { tool: 'pg_dump' });
    }
    const started = performance.now();
    const plan = await planDump(session, options, true);
    const { file, format, recipients, server, client } = plan;
    const { scrub } = options;
    const digest = await onDumpedDatabase(session, plan, options, connection => writeStreamed(session, plan, connection, into));
    const encrypted = recipients.length > 0;
    return {
        ...fileResult(session.logger, 'Streamed', {
            file,
            format,
            server,
            client,
            digest,
            started
        }),
        streamed: true,
        ...(encrypted && { encryption: { recipients: recipients.length } }),
        ...(scrub && {
            scrubbed: 'file' in scrub ? scrub.file : 'inline SQL'
        })
    };
}
/** Runs `write` on the database dumped: the session's, or its scrubbed throwaway copy. */
function onDumpedDatabase(session, plan, options, write) {
    const { scrub } = options;
    if (!scrub)
        return write(session.connection);
    return withScrubbedCopy(session, {
        script: scrub,
        allowMetaCommands: options.allowMetaCommands ?? false,
        server: plan.server,
        client: plan.client
    }, write);
}

;// CONCATENATED MODULE: ./lib/core/cluster/token-reader.js
/** A statement's tokens, read from the front. */
class Reader {
    #tokens;
    /** bare words that are never a name (CURRENT_USER and the like) */
    #notNames;
    #at = 0;
    constructor(tokens, notNames) {
        this.#tokens = tokens;
        this.#notNames = notNames;
    }
    get done() {
        return this.#at >= this.#tokens.length;
    }
    /** The next token if it is one of these keywords (any case); consumed. */
    keyword(...words) {
        const t = this.#tokens[this.#at];
        if (t?.type !== 'word')
            return undefined;
        const word = t.value.toUpperCase();
        if (!words.includes(word))
            return undefined;
        this.#at++;
        return word;
    }
    /** A name: an identifier as written in quotes, or a bare word folded to lower case; not a role spec. */
    name() {
        const t = this.#tokens[this.#at];
        if (t?.type === 'ident') {
            this.#at++;
            return t.value;
        }
        if (t?.type !== 'word')
            return undefined;
        const folded = t.value.replace(/[A-Z]+/g, s => s.toLowerCase());
        if (this.#notNames.has(folded))
            return undefined;
        this.#at++;
        return folded;
    }
    /** Names separated by commas. */
    names() {
        const names = [];
        do {
            const name = this.name();
            if (name === undefined)
                return undefined;
            names.push(name);
        } while (this.char(','));
        return names;
    }
    /** True when a word left is this keyword. */
    has(word) {
        return this.#tokens
            .slice(this.#at)
            .some(t => t.type === 'word' && t.value.toUpperCase() === word);
    }
    char(c) {
        const t = this.#tokens[this.#at];
        if (t?.type !== 'char' || t.value !== c)
            return false;
        this.#at++;
        return true;
    }
    /** True when every token left is one of `types` (and chars among `chars`). */
    restIs(types, chars = '') {
        return this.#tokens
            .slice(this.#at)
            .every(t => t.type === 'char' ? chars.includes(t.value) : types.includes(t.type));
    }
    /** The next token if it is a string or NULL. */
    literal() {
        const t = this.#tokens[this.#at];
        if (t?.type === 'string' || this.keyword('NULL')) {
            if (t?.type === 'string')
                this.#at++;
            return true;
        }
        return false;
    }
    /** The rest are these keywords, with their values (strings, numbers, minus signs). */
    restAreOptions(words) {
        return this.#tokens
            .slice(this.#at)
            .every(t => t.type === 'word'
            ? words.has(t.value.toUpperCase())
            : t.type === 'string' ||
                t.type === 'number' ||
                (t.type === 'char' && t.value === '-'));
    }
}

;// CONCATENATED MODULE: ./lib/core/cluster/globals-statements.js

/** The SETs pg_dumpall opens a globals script with. */
const SETTINGS = new Set([
    'default_transaction_read_only',
    'client_encoding',
    'standard_conforming_strings'
]);
/** Role attributes ALTER ROLE … WITH takes. */
const ROLE_OPTIONS = new Set([
    'SUPERUSER',
    'INHERIT',
    'CREATEROLE',
    'CREATEDB',
    'LOGIN',
    'REPLICATION',
    'BYPASSRLS'
]
    .flatMap(o => [o, `NO${o}`])
    .concat([
    'CONNECTION',
    'LIMIT',
    'PASSWORD',
    'ENCRYPTED',
    'VALID',
    'UNTIL',
    'NULL'
]));
/** Words that, unquoted, name no role of their own but the session's, or every role. */
const ROLE_SPECS = new Set([
    'current_user',
    'current_role',
    'session_user',
    'all',
    'public',
    'none'
]);
const FIRST_WORDS = new Set('ALTER ANALYZE BEGIN CALL CHECKPOINT CLUSTER COMMENT COMMIT COPY CREATE DEALLOCATE DECLARE DELETE DISCARD DO DROP END EXECUTE EXPLAIN GRANT IMPORT INSERT LISTEN LOAD LOCK MERGE MOVE NOTIFY PREPARE REASSIGN REFRESH REINDEX RELEASE RESET REVOKE ROLLBACK SAVEPOINT SECURITY SELECT SET SHOW START TABLE TRUNCATE UNLISTEN UPDATE VACUUM VALUES WITH'.split(' '));
function setting(r) {
    if (r.keyword('SESSION')) {
        return r.keyword('AUTHORIZATION') && r.name() !== undefined && r.done
            ? { kind: 'session-authorization' }
            : undefined;
    }
    const name = r.name();
    if (name === undefined || !SETTINGS.has(name))
        return undefined;
    if (!r.char('=') && !r.keyword('TO'))
        return undefined;
    const rest = r.restIs(['word', 'string']);
    // quotes lexed otherwise would let a lexer disagree with psql's
    if (name === 'standard_conforming_strings')
        return r.keyword('ON') && r.done ? { kind: 'set' } : undefined;
    return rest ? { kind: 'set' } : undefined;
}
function alterRole(r) {
    const name = r.name();
    if (name === undefined)
        return undefined;
    // WITH, as pg_dumpall writes, or bare attributes (the same statement)
    r.keyword('WITH');
    if (!r.done && r.restAreOptions(ROLE_OPTIONS))
        return { kind: 'alter-role', name };
    if (r.keyword('IN') && !(r.keyword('DATABASE') && r.name() !== undefined))
        return undefined;
    if (r.keyword('SET', 'RESET') &&
        r.restIs(['word', 'ident', 'string', 'number'], ',.-'))
        return { kind: 'role-setting', name };
    return undefined;
}
/** COMMENT ON / SECURITY LABEL [FOR provider] ON, ROLE or TABLESPACE, IS 'text'. */
function onRoleOrTablespace(r, kind) {
    if (!r.keyword('ON') || !r.keyword('ROLE', 'TABLESPACE'))
        return undefined;
    const name = r.name();
    return name !== undefined && r.keyword('IS') && r.literal() && r.done
        ? { kind, name }
        : undefined;
}
/** Privileges on a tablespace or a parameter. */
const PRIVILEGES = ['ALL', 'CREATE', 'SET', 'ALTER', 'SYSTEM', 'PRIVILEGES'];
/** GRANT role TO role [WITH …] [GRANTED BY role], or privileges ON TABLESPACE/PARAMETER. */
function grant(r, word) {
    if (word === 'REVOKE' || r.has('ON')) {
        // REVOKE GRANT OPTION FOR …
        if (word === 'REVOKE' && r.keyword('GRANT')) {
            if (!r.keyword('OPTION') || !r.keyword('FOR'))
                return undefined;
        }
        while (r.keyword(...PRIVILEGES) || r.char(','))
            ;
        return r.keyword('ON') &&
            r.keyword('TABLESPACE', 'PARAMETER') &&
            r.restIs(['word', 'ident'], ',.')
            ? { kind: 'privilege' }
            : undefined;
    }
    if (r.names() === undefined || !r.keyword('TO') || r.names() === undefined)
        return undefined;
    if (r.keyword('WITH')) {
        while (r.keyword('ADMIN', 'INHERIT', 'SET', 'OPTION', 'TRUE', 'FALSE') ||
            r.char(','))
            ;
    }
    if (r.keyword('GRANTED') && !(r.keyword('BY') && r.name() !== undefined))
        return undefined;
    return r.done ? { kind: 'role-membership' } : undefined;
}
function create(r) {
    if (r.keyword('ROLE')) {
        const name = r.name();
        return name !== undefined && r.done
            ? { kind: 'create-role', name }
            : undefined;
    }
    if (!r.keyword('TABLESPACE'))
        return undefined;
    const name = r.name();
    return name !== undefined &&
        r.keyword('OWNER') &&
        r.name() !== undefined &&
        r.keyword('LOCATION') &&
        r.literal() &&
        r.done
        ? { kind: 'create-tablespace', name }
        : undefined;
}
/** What a statement (its tokens, without the semicolon) is. */
function classify(statement) {
    const r = new Reader(statement, ROLE_SPECS);
    const word = r.keyword('SET', 'RESET', 'CREATE', 'ALTER', 'COMMENT', 'SECURITY', 'GRANT', 'REVOKE');
    let found;
    if (word === 'SET')
        found = setting(r);
    else if (word === 'RESET')
        found =
            r.keyword('SESSION') && r.keyword('AUTHORIZATION') && r.done
                ? { kind: 'session-authorization' }
                : undefined;
    else if (word === 'CREATE')
        found = create(r);
    else if (word === 'ALTER') {
        if (r.keyword('ROLE'))
            found = alterRole(r);
        else if (r.keyword('TABLESPACE')) {
            const name = r.name();
            found =
                name !== undefined &&
                    r.keyword('SET', 'RESET') &&
                    r.restIs(['word', 'ident', 'string', 'number'], '(),=.-')
                    ? { kind: 'alter-tablespace', name }
                    : undefined;
        }
    }
    else if (word === 'COMMENT')
        found = onRoleOrTablespace(r, 'comment');
    else if (word === 'SECURITY') {
        found =
            r.keyword('LABEL') && (!r.keyword('FOR') || r.name() !== undefined)
                ? onRoleOrTablespace(r, 'security-label')
                : undefined;
    }
    else if (word === 'GRANT' || word === 'REVOKE')
        found = grant(r, word);
    if (found)
        return found;
    const first = statement[0];
    const keyword = first?.type === 'word' ? first.value.toUpperCase() : '';
    return {
        kind: 'foreign',
        what: FIRST_WORDS.has(keyword)
            ? `${/^[AEIOU]/.test(keyword) ? 'an' : 'a'} ${keyword} statement`
            : 'a statement'
    };
}

;// CONCATENATED MODULE: ./lib/core/cluster/sql-tokens.js
// Splits SQL text into tokens as psql's lexer does with
// standard_conforming_strings on: words, quoted identifiers, strings
// (E-strings with their escapes), dollar-quoted text, numbers, single
// characters, and psql meta-commands (a backslash outside all of those,
// taking the rest of its line). Comments and white space are skipped.

const WORD = /[A-Za-z_\u0080-\u00ff][\w$\u0080-\u00ff]*/y;
const NUMBER = /\d+(?:\.\d+)?/y;
const sql_tokens_DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\u00ff][\w\u0080-\u00ff]*)?\$/y;
const META_NAME = /\\([A-Za-z]+|[^A-Za-z\s])/y;
/** Where a quoted run that started at `from` (after its opening `quote`) ends, past its closing one. */
function quotedEnd(text, from, quote, escapes) {
    let i = from;
    while (i < text.length) {
        const c = text[i];
        if (escapes && c === '\\')
            i += 2;
        else if (c !== quote)
            i++;
        else if (text[i + 1] === quote)
            i += 2;
        else
            return i + 1;
    }
    return text.length;
}
/** The value of a quoted run: doubled quotes (and, in E-strings, escaped characters) undone. */
function unquote(body, quote, escapes) {
    const doubled = body.split(quote + quote).join(quote);
    return escapes ? doubled.replace(/\\(.)/gs, '$1') : doubled;
}
function match(pattern, text, at) {
    pattern.lastIndex = at;
    return pattern.exec(text)?.[0];
}
/** The end of a nested block comment that opens at `from`. */
function commentEnd(text, from) {
    let depth = 0;
    let i = from;
    while (i < text.length) {
        if (text.startsWith('/*', i)) {
            depth++;
            i += 2;
        }
        else if (text.startsWith('*/', i)) {
            i += 2;
            if (--depth === 0)
                return i;
        }
        else
            i++;
    }
    return text.length;
}
/** The tokens of `text`, in order. */
function* tokens(text) {
    let i = 0;
    let line = 1;
    const advance = (to) => {
        for (let j = i; j < to; j++)
            if (text[j] === '\n')
                line++;
        i = to;
    };
    while (i < text.length) {
        const c = text[i];
        const start = i;
        const at = line;
        const token = (type, end, value) => {
            advance(end);
            return { type, value, start, end, line: at };
        };
        if (/\s/.test(c)) {
            advance(i + 1);
        }
        else if (text.startsWith('--', i)) {
            const eol = text.indexOf('\n', i);
            advance(eol < 0 ? text.length : eol);
        }
        else if (text.startsWith('/*', i)) {
            advance(commentEnd(text, i));
        }
        else if (c === "'" || c === '"') {
            const end = quotedEnd(text, i + 1, c, false);
            const value = unquote(text.slice(i + 1, end - 1), c, false);
            yield token(c === '"' ? 'ident' : 'string', end, value);
        }
        else if (c === '\\') {
            const eol = text.indexOf('\n', i);
            const end = eol < 0 ? text.length : eol;
            const atLineStart = i === 0 || text[i - 1] === '\n';
            const meta = token('meta', end, match(META_NAME, text, i)?.slice(1) ?? '');
            meta.dumpRestrict =
                atLineStart && DUMP_RESTRICT_LINE.test(text.slice(start, end));
            yield meta;
        }
        else if (c === '$' && match(sql_tokens_DOLLAR_TAG, text, i) !== undefined) {
            const tag = match(sql_tokens_DOLLAR_TAG, text, i);
            const close = text.indexOf(tag, i + tag.length);
            const end = close < 0 ? text.length : close + tag.length;
            yield token('dollar', end, text.slice(i + tag.length, close < 0 ? end : close));
        }
        else if (c === ';') {
            yield token('semicolon', i + 1, ';');
        }
        else {
            const word = match(WORD, text, i);
            if (word !== undefined && /^[eE]$/.test(word) && text[i + 1] === "'") {
                const end = quotedEnd(text, i + 2, "'", true);
                yield token('string', end, unquote(text.slice(i + 2, end - 1), "'", true));
            }
            else if (word !== undefined) {
                yield token('word', i + word.length, word);
            }
            else {
                const number = match(NUMBER, text, i);
                yield number !== undefined
                    ? token('number', i + number.length, number)
                    : token('char', i + 1, c);
            }
        }
    }
}

;// CONCATENATED MODULE: ./lib/core/cluster/globals-script.js
// Reads a pg_dumpall --globals-only script statement by statement, as
// psql's lexer splits it (quotes, comments, dollar quotes), and tells each
// statement's kind: only what pg_dumpall writes there — roles, their
// settings, memberships, comments and labels, tablespaces and their
// privileges, and the few SETs it opens with — is a statement a restore
// applies. Anything else, and any psql meta-command but pg_dumpall's own
// `\restrict`/`\unrestrict` lines, is found with its line. The text is read
// as latin1 (a character a byte), so statements go to psql unchanged.



const COMPLETE = /^-- PostgreSQL database cluster dump complete\r?$/m;
/** Reads and scans a globals script (small: roles and tablespaces only). */
async function readGlobalsScript(file) {
    return scanGlobalsScript(await (0,promises_.readFile)(file));
}
/** A name as the server spells it: the script's bytes read as UTF-8. */
function serverName(latin1) {
    return Buffer.from(latin1, 'latin1').toString('utf8');
}
/** Scans the bytes of a globals script (read from a file, or decrypted in memory). */
function scanGlobalsScript(bytes) {
    const text = bytes.toString('latin1');
    const script = {
        statements: [],
        foreign: [],
        metaCommands: [],
        roles: [],
        tablespaces: [],
        complete: COMPLETE.test(text)
    };
    let statement = [];
    for (const token of tokens(text)) {
        if (token.type === 'meta') {
            if (statement.length === 0 && token.dumpRestrict)
                continue;
            script.metaCommands.push({
                line: token.line,
                command: token.value,
                text: ''
            });
            continue;
        }
        if (token.type !== 'semicolon') {
            statement.push(token);
            continue;
        }
        if (statement.length === 0)
            continue;
        addStatement(script, statement, text.slice(statement[0].start, token.end));
        statement = [];
    }
    if (statement.length > 0) {
        const [first] = statement;
        script.foreign.push({ line: first.line, what: 'an unfinished statement' });
    }
    return script;
}
/** Files one statement: applied (with its name), or foreign. */
function addStatement(script, statement, text) {
    const line = statement[0].line;
    const found = classify(statement);
    if (found.kind === 'foreign') {
        script.foreign.push({ line, what: found.what });
        return;
    }
    const name = found.name === undefined ? undefined : serverName(found.name);
    if (found.kind === 'create-role' && name !== undefined)
        script.roles.push(name);
    if (found.kind === 'create-tablespace' && name !== undefined)
        script.tablespaces.push(name);
    script.statements.push({
        kind: found.kind,
        ...(name !== undefined && { name }),
        text,
        line
    });
}
/** Where a script's foreign statements are, for a message: lines and first words only. */
function foreignPlaces(foreign) {
    const shown = foreign
        .slice(0, 10)
        .map(f => `line ${f.line}: ${f.what}`)
        .join(', ');
    return foreign.length > 10
        ? `${shown} and ${foreign.length - 10} more`
        : shown;
}

;// CONCATENATED MODULE: ./lib/core/cluster/dump-globals.js
// Dumps the cluster's roles and tablespaces with pg_dumpall --globals-only,
// from the client folder pg_dump runs from, into a file that takes its name
// only once pg_dumpall finished and the script reads back whole. Encrypted,
// pg_dumpall writes into a FIFO whose stream is encrypted into the age file,
// which is then decrypted in memory and read back the same way.







/** Why pg_dumpall failed, in words that say what to change. */
function explain(stderr, session) {
    const w = session.wording;
    if (/permission denied for (table|relation) pg_authid/.test(stderr)) {
        return (`Role passwords are read from pg_authid, which only a superuser may read (${w.set('rolePasswords', 'true')}). ` +
            `Connect as a superuser, or leave ${w.name('rolePasswords')} false to dump the roles without passwords (from pg_roles, which any user may read).\n`);
    }
    if (/permission denied/.test(stderr)) {
        return `The roles and tablespaces could not be read with this user's privileges.\n`;
    }
    return '';
}
/**
 * Runs pg_dumpall --globals-only into `file` (a temporary path the caller
 * moves into place), encrypted to `recipients` when there are any, and
 * reads the script back: it must be whole, and hold no meta-command
 * pg_dumpall does not write.
 */
async function dumpGlobals(session, file, rolePasswords, recipients = []) {
    const server = await session.serverVersion();
    const client = await session.client({
        major: server.major,
        why: `the server (${server.text})`,
        tool: 'pg_dumpall'
    });
    const run = async (to) => {
        const args = dumpallGlobalsArgs({
            conninfo: session.connection.conninfo,
            file: to,
            database: session.connection.dbname,
            rolePasswords,
            noSync: recipients.length > 0
        });
        const result = await session.run(client, 'pg_dumpall', args);
        if (result.exitCode !== 0) {
            throw new ToolError('failed', `Dumping the roles and tablespaces failed. ${explain(result.stderr, session)}${(0,process_runner/* failureMessage */.oh)('pg_dumpall', result)}`, { tool: 'pg_dumpall', exitCode: result.exitCode, stderr: result.stderr });
        }
    };
    let script;
    if (recipients.length === 0) {
        await run(file);
        script = await readGlobalsScript(file);
    }
    else {
        script = await dumpEncryptedGlobals(session, file, recipients, run);
    }
    if (!script.complete || script.metaCommands.length > 0) {
        throw new ToolError('failed', `pg_dumpall exited 0, but ${file} is not a whole roles and tablespaces script ` +
            `(${script.complete ? `it holds psql meta-commands pg_dumpall does not write, line ${script.metaCommands[0]?.line}` : 'its closing comment is missing'}). Nothing was kept.`, { tool: 'pg_dumpall' });
    }
    if (script.foreign.length > 0) {
        session.logger.warning(`${file} holds statements a restore does not apply to roles and tablespaces (${foreignPlaces(script.foreign)}): ` +
            'a restore with these globals will refuse the file. Please report this pg_dumpall version.');
    }
    session.logger.info(`Dumped ${script.roles.length} role${script.roles.length === 1 ? '' : 's'} and ` +
        `${script.tablespaces.length} tablespace${script.tablespaces.length === 1 ? '' : 's'}` +
        (rolePasswords ? ', with their passwords' : ', without passwords') +
        (recipients.length ? ', encrypted with age' : ''));
    return {
        file,
        ...(await fileDigest(file)),
        roles: script.roles,
        tablespaces: script.tablespaces,
        rolePasswords,
        ...(recipients.length > 0 && {
            encryption: { recipients: recipients.length }
        })
    };
}
/**
 * pg_dumpall's script encrypted as it is written into the age file `file`,
 * then decrypted in memory with the file's own key: it must be the bytes
 * pg_dumpall wrote, and is scanned as a plain script is.
 */
async function dumpEncryptedGlobals(session, file, recipients, run) {
    const encrypted = await encryptWhileWriting(session, file, recipients, run, 'pg_dumpall');
    const plain = await decryptToMemory(file, encrypted.readBack).catch((error) => {
        throw new ToolError('failed', `The encrypted roles and tablespaces ${file} cannot be decrypted back (${error.message}). Nothing was kept.`, { tool: 'pg_dumpall' });
    });
    if (plain.bytes.length !== encrypted.plain.size ||
        plain.sha256 !== encrypted.plain.sha256) {
        throw new ToolError('failed', `The encrypted roles and tablespaces ${file} decrypt to other bytes than pg_dumpall wrote. Nothing was kept.`, { tool: 'pg_dumpall' });
    }
    session.logger.info(`Verified: ${file} decrypts, every chunk authenticated, to the ${plain.bytes.length} bytes pg_dumpall wrote`);
    return scanGlobalsScript(plain.bytes);
}

;// CONCATENATED MODULE: ./lib/core/cluster/layout.js
// How a dump of roles and tablespaces, and of several databases, lies on
// disk: `globals.sql` beside the dump, and each database's dump named after
// it in one folder (`<dbname>.dump`, `.sql`, `.tar`, `.dir`); encrypted, each
// name ends in `.age` (`globals.sql.age`, `<dbname>.dump.age`). The names
// alone say what each file is, so a folder (or an artifact) needs no manifest.




/** The roles and tablespaces script, beside the dump or in the folder. */
const GLOBALS_FILE = 'globals.sql';
/** The roles and tablespaces script encrypted with age. */
const GLOBALS_AGE_FILE = `${GLOBALS_FILE}${AGE_EXTENSION}`;
/** Whether a file name is the roles and tablespaces script, plain or encrypted. */
function isGlobalsFile(name) {
    return name === GLOBALS_FILE || name === GLOBALS_AGE_FILE;
}
const EXTENSIONS = {
    custom: '.dump',
    plain: '.sql',
    tar: '.tar',
    directory: '.dir'
};
// what file systems or @actions/artifact refuse in a name, and `%` itself
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\0-\x1f\x7f/\\:*?"<>|%]/gu;
/** A database name with what a file name may not hold percent-encoded (UTF-8). */
function encodedName(database) {
    return database.replace(UNSAFE, c => [...Buffer.from(c)]
        .map(b => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
        .join(''));
}
/** The extension of a format's dump, without its dot: dump, sql, tar, dir. */
function formatExtension(format) {
    return EXTENSIONS[format].slice(1);
}
/**
 * The file name of a database's dump: its name with the characters a file
 * name or an artifact may not hold percent-encoded (UTF-8), and the format's
 * extension (and `.age` when `encrypted`). A plain dump of a database named
 * `globals` would be globals.sql: its first letter is encoded too.
 */
function databaseFileName(database, format, encrypted = false) {
    let name = encodedName(database);
    if (`${name}${EXTENSIONS[format]}` === GLOBALS_FILE)
        name = `%67${name.slice(1)}`;
    return `${name}${EXTENSIONS[format]}${encrypted ? AGE_EXTENSION : ''}`;
}
/** The database a dump's file name (`.age` or not) stands for; undefined for any other name. */
function databaseOfFileName(file) {
    const name = file.endsWith(AGE_EXTENSION)
        ? file.slice(0, -AGE_EXTENSION.length)
        : file;
    const extension = Object.values(EXTENSIONS).find(e => name.endsWith(e));
    if (extension === undefined || name === GLOBALS_FILE)
        return undefined;
    const stem = name.slice(0, -extension.length);
    if (stem === '')
        return undefined;
    try {
        return decodeURIComponent(stem);
    }
    catch {
        return undefined;
    }
}
// of one database's dumps in several formats, the one restored: an archive
// first (custom, then directory and tar: pg_restore restores it selectively
// and in parallel), a plain script last
const PREFERRED = ['.dump', '.dir', '.tar', '.sql'];
/** How far down PREFERRED a dump's file name (`.age` or not) is. */
function rank(file) {
    const name = file.endsWith(AGE_EXTENSION)
        ? file.slice(0, -AGE_EXTENSION.length)
        : file;
    return PREFERRED.findIndex(e => name.endsWith(e));
}
/** One entry per database: of its dumps in several formats, the preferred one. */
function preferred(dumps) {
    const byDatabase = new Map();
    for (const d of dumps)
        byDatabase.set(d.database, [...(byDatabase.get(d.database) ?? []), d]);
    return [...byDatabase.values()].map(all => {
        const [first, ...rest] = [...all].sort((a, b) => rank(a.file) - rank(b.file));
        return rest.length ? { ...first, others: rest.map(d => d.file) } : first;
    });
}
const exists = (path) => (0,promises_.stat)(path).then(info => info.isFile(), () => false);
/**
 * Reads a restore's path: a folder with no toc.dat (not a directory
 * archive) holding dumps named after databases is a dump of several; any
 * other path one dump. The globals file is the folder's, or the one beside
 * the dump. Throws a LayoutError for a folder that holds neither.
 */
async function readLayout(path) {
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    const isFolder = info?.isDirectory() === true && !(await exists((0,external_node_path_.join)(path, 'toc.dat')));
    if (!isFolder) {
        const globals = isGlobalsFile((0,external_node_path_.basename)(path))
            ? undefined
            : await globalsIn((0,external_node_path_.dirname)(path), path.endsWith(AGE_EXTENSION));
        return { kind: 'single', file: path, ...(globals && { globals }) };
    }
    const entries = (await (0,promises_.readdir)(path)).sort();
    const dumps = [];
    const other = [];
    for (const entry of entries) {
        const database = databaseOfFileName(entry);
        if (database !== undefined)
            dumps.push({ database, file: (0,external_node_path_.join)(path, entry) });
        else if (!isGlobalsFile(entry))
            other.push(entry);
    }
    if (dumps.length === 0 || other.length > 0) {
        throw new LayoutError(`${path} is a folder without toc.dat, so not a directory-format dump, and not a dump of several databases either ` +
            `(${GLOBALS_FILE} and one <dbname>.dump, .sql, .tar or .dir per database, each maybe encrypted: .age)` +
            (other.length
                ? `: it holds ${other.slice(0, 10).join(', ')}`
                : ': it holds no dump'));
    }
    if (entries.includes(GLOBALS_FILE) && entries.includes(GLOBALS_AGE_FILE)) {
        throw new LayoutError(`${path} holds both ${GLOBALS_FILE} and ${GLOBALS_AGE_FILE}: it cannot be told which roles and tablespaces belong to its dumps. Remove one.`);
    }
    const globals = await globalsIn(path, true);
    return {
        kind: 'databases',
        folder: path,
        dumps: preferred(dumps),
        ...(globals && { globals })
    };
}
/**
 * The roles and tablespaces script in `folder`: the encrypted one first
 * when `encrypted` (beside an age file), else the plain one first.
 */
async function globalsIn(folder, encrypted) {
    const names = encrypted
        ? [GLOBALS_AGE_FILE, GLOBALS_FILE]
        : [GLOBALS_FILE, GLOBALS_AGE_FILE];
    for (const name of names) {
        if (await exists((0,external_node_path_.join)(folder, name)))
            return (0,external_node_path_.join)(folder, name);
    }
    return undefined;
}
/** Whether `path` is a folder but no directory archive (for titles; readLayout decides). */
function holdsSeveral(path) {
    const info = (0,external_node_fs_.statSync)(path, { throwIfNoEntry: false });
    return (info?.isDirectory() === true &&
        (0,external_node_fs_.statSync)((0,external_node_path_.join)(path, 'toc.dat'), { throwIfNoEntry: false }) === undefined);
}
/** A folder that is no dump of any layout. */
class LayoutError extends Error {
    name = 'LayoutError';
}

;// CONCATENATED MODULE: ./lib/core/cluster/dump-cluster.js
// Dumps more than one database's dump: the roles and tablespaces beside the
// dump (globals.sql), or several databases into one folder, each named
// after its database. All or nothing: the globals take their name only
// after the dump did, and a folder of several is written under a temporary
// name and moved into place once every dump in it is verified. With
// encryptTo every file is an age file: globals.sql.age, <dbname>.dump.age.











const GLOBALS_HEADER = '--\n-- PostgreSQL database cluster dump\n';
/** Why an existing globals file (plain, or age when `encrypted`) must not be replaced, or undefined. */
async function unsafeGlobals(path, encrypted) {
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (info === undefined)
        return undefined;
    const earlier = !info.isFile()
        ? false
        : encrypted
            ? (await ageFileKind(path)) === 'age'
            : (await (0,format/* readPrefix */.fr)(path, GLOBALS_HEADER.length)).toString('utf8') ===
                GLOBALS_HEADER;
    return earlier
        ? undefined
        : `${path} exists and is not an earlier roles and tablespaces dump; only one of those is replaced`;
}
/** Why a folder must not be replaced by a dump of several, or undefined. */
async function unsafeFolder(folder) {
    const unsafe = unsafeTarget(folder, true);
    if (unsafe === undefined || !unsafe.includes('not a directory-format dump'))
        return unsafe;
    const entries = await (0,promises_.readdir)(folder);
    const foreign = entries.filter(e => !isGlobalsFile(e) && databaseOfFileName(e) === undefined);
    return foreign.length === 0
        ? undefined
        : `it is an existing folder that is not an earlier dump of several databases (it holds ${foreign.slice(0, 5).join(', ')}); only one of those is replaced`;
}
/** The cluster dump's facts, with paths moved from `from` to `to`. */
function moved(item, from, to) {
    return { ...item, file: (0,external_node_path_.join)(to, (0,external_node_path_.relative)(from, item.file)) };
}
/** One database's dump with the roles and tablespaces beside it (globals.sql). */
async function dumpWithGlobals(session, options) {
    const file = (0,external_node_path_.resolve)(options.file);
    const recipients = options.encryptTo ?? [];
    const target = (0,external_node_path_.join)((0,external_node_path_.dirname)(file), recipients.length ? GLOBALS_AGE_FILE : GLOBALS_FILE);
    const unsafe = await unsafeGlobals(target, recipients.length > 0);
    if (unsafe)
        throw new ToolError('command', `Cannot dump the roles and tablespaces: ${unsafe}.`, { tool: 'pg_dumpall' });
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(file), { recursive: true });
    return withTrackedTemp(session.cancellation, { path: partialPath(target) }, async (partial) => {
        const globals = await dumpGlobals(session, partial, options.rolePasswords ?? false, recipients);
        const result = await dump(session, options);
        await (0,promises_.rename)(partial, target);
        const database = await session.databaseName();
        return {
            ...result,
            dumps: [{ ...result, database }],
            globals: { ...globals, file: target }
        };
    });
}
/** Refuses a folder of several, or a named file (and the globals), that must not be replaced. */
async function checkTargets(outputs, globals, encrypted) {
    const { folder } = outputs;
    if (!outputs.named) {
        const unsafe = await unsafeFolder(folder);
        if (unsafe) {
            throw new ToolError('command', `Cannot dump the databases into the folder ${folder}: ${unsafe}. Choose another file.`, { tool: 'pg_dump' });
        }
        return;
    }
    for (const { name, format } of outputs.files) {
        const unsafe = unsafeTarget((0,external_node_path_.join)(folder, name), format === 'directory');
        if (unsafe) {
            throw new ToolError('command', `Cannot dump to ${(0,external_node_path_.join)(folder, name)}: ${unsafe}. Choose another file.`, { tool: 'pg_dump' });
        }
    }
    const target = (0,external_node_path_.join)(folder, encrypted ? GLOBALS_AGE_FILE : GLOBALS_FILE);
    const unsafe = globals ? await unsafeGlobals(target, encrypted) : undefined;
    if (unsafe)
        throw new ToolError('command', `Cannot dump the roles and tablespaces: ${unsafe}.`, { tool: 'pg_dumpall' });
}
/** Moves the finished files into place: the folder as a whole, or each named file and the globals. */
async function placeAll(partial, outputs, globals) {
    if (!outputs.named)
        return replacePath(partial, outputs.folder);
    const names = [
        ...outputs.files.map(f => f.name),
        ...(globals ? [(0,external_node_path_.basename)(globals.file)] : [])
    ];
    for (const name of names)
        await replacePath((0,external_node_path_.join)(partial, name), (0,external_node_path_.join)(outputs.folder, name));
}
/**
 * Several databases, or formats, into one folder: each database in each
 * format, named after it (or by the file's placeholders), the globals with
 * them if asked. Written into a temporary folder and moved into place once
 * every dump is verified.
 */
async function dumpDatabases(session, options, outputs) {
    const started = performance.now();
    const { folder, named } = outputs;
    const recipients = options.encryptTo ?? [];
    const encrypted = recipients.length > 0;
    await checkTargets(outputs, options.globals ?? false, encrypted);
    await (0,promises_.mkdir)(named ? folder : (0,external_node_path_.dirname)(folder), { recursive: true });
    // named files join a folder that stays: the temporary folder is inside it
    const temporary = partialPath(named ? (0,external_node_path_.join)(folder, 'pg-dumper') : folder);
    return withTrackedTemp(session.cancellation, { path: temporary }, async (partial) => {
        await (0,promises_.mkdir)(partial);
        const globals = options.globals
            ? await dumpGlobals(session, (0,external_node_path_.join)(partial, encrypted ? GLOBALS_AGE_FILE : GLOBALS_FILE), options.rolePasswords ?? false, recipients)
            : undefined;
        const dumps = [];
        for (const { database, format, name } of outputs.files) {
            const one = session.forDatabase(database);
            try {
                const several = (options.formats?.length ?? 0) > 1;
                session.logger.info(`Dumping the database ${database}${several ? ` (${format})` : ''}`);
                // encrypted, each is an age file, and no plaintext is kept
                const result = await dump(one, {
                    ...options,
                    format,
                    file: (0,external_node_path_.join)(partial, name),
                    plainFile: undefined
                });
                dumps.push({ ...result, database });
            }
            finally {
                await one.close();
            }
        }
        session.cancellation.throwIfCancelled(`pg_dump was stopped and ${partial} removed`);
        await placeAll(partial, outputs, globals);
        const [first] = dumps;
        return {
            ...first,
            file: folder,
            size: dumps.reduce((sum, d) => sum + d.size, globals?.size ?? 0),
            // no one file: each dump's is in dumps
            sha256: '',
            durationMs: performance.now() - started,
            dumps: dumps.map(d => moved(d, partial, folder)),
            verified: sumVerified(dumps),
            ...(globals && { globals: moved(globals, partial, folder) })
        };
    });
}

;// CONCATENATED MODULE: ./lib/core/cluster/apply-globals.js
// Applies a roles and tablespaces script before the databases are restored.
// Only statements of the kinds pg_dumpall --globals-only writes are
// applied; a script with anything else, or a meta-command pg_dumpall does
// not write, is refused whole before anything runs, whatever
// allowMetaCommands says. Roles and tablespaces the target already has are
// left out (and named), and so is every statement that would change the
// role the restore connects as; psql runs exactly the statements checked,
// in restricted mode, and any error stops it and fails the restore. An
// age-encrypted script (globals.sql.age) is decrypted in memory and fed to
// psql through a FIFO: its plaintext is never a file.













const STATE_SQL = "SELECT json_build_object('user', current_user, " +
    "'roles', (SELECT coalesce(json_agg(rolname), '[]') FROM pg_roles), " +
    "'tablespaces', (SELECT coalesce(json_agg(spcname), '[]') FROM pg_tablespace))";
/** Why psql failed, in words that say what to change. */
function apply_globals_explain(stderr, session) {
    const off = session.wording.set('globals', 'false');
    if (/permission denied to (create|alter) role|must be superuser/.test(stderr))
        return ('Creating roles needs CREATEROLE, and roles with SUPERUSER, REPLICATION or BYPASSRLS, ' +
            `and tablespaces, a superuser: apply them as a superuser, or set ${off} to restore the databases alone.\n`);
    if (/directory .* does not exist|could not set permissions on directory/.test(stderr))
        return ("A tablespace's LOCATION must exist on the target server's machine, empty and owned by the server's " +
            `operating system user: create it there first, or set ${off}.\n`);
    return '';
}
/** The statements to run: without what the target has, nor any change to the connected role. */
function statementsToRun(statements, state) {
    return statements
        .filter(({ kind, name }) => {
        if (kind === 'create-role')
            return !state.roles.includes(name);
        if (kind === 'alter-role' || kind === 'role-setting')
            return name !== state.user;
        if (kind === 'create-tablespace')
            return !state.tablespaces.includes(name);
        return true;
    })
        .map(s => `${s.text}\n`)
        .join('');
}
/** Refuses a script with anything pg_dumpall --globals-only does not write; quotes none of it. */
function refuseForeign(session, file, script) {
    const { metaCommands, foreign } = script;
    if (metaCommands.length === 0 && foreign.length === 0)
        return;
    const found = [
        ...(metaCommands.length
            ? [
                `psql meta-commands pg_dumpall does not write (${metaCommandPlaces(metaCommands)})`
            ]
            : []),
        ...(foreign.length
            ? [
                `statements pg_dumpall --globals-only does not write (${foreignPlaces(foreign)})`
            ]
            : [])
    ].join(' and ');
    throw new ToolError('command', `The roles and tablespaces script ${file} holds ${found}, so nothing was run: ` +
        'a globals script is held to roles, their memberships, settings and comments, and tablespaces. ' +
        `Set ${session.wording.set('globals', 'false')} to restore the databases without it.`, { tool: 'psql' });
}
/** The script of `file`, decrypted in memory with `identity` when it is an age file. */
async function readScript(session, file, identity) {
    const kind = await ageFileKind(file).catch(() => undefined);
    if (kind === undefined)
        return { script: await readGlobalsScript(file), encrypted: false };
    const key = ageIdentity(session, file, kind, identity);
    const plain = await decryptToMemory(file, key).catch((error) => {
        throw decryptionError(file, error, session.wording.name('decryptKey'));
    });
    session.logger.info(`Decrypted ${file} (age) in memory: nothing is decrypted to disk`);
    return {
        script: scanGlobalsScript(plain.bytes),
        encrypted: true
    };
}
/** Applies the roles and tablespaces of `file` (age-encrypted: with `identity`) to the target server. */
async function applyGlobals(session, file, identity) {
    const { script, encrypted } = await readScript(session, file, identity);
    refuseForeign(session, file, script);
    const server = await session.serverVersion(session.maintenance);
    const client = await session.client({
        major: server.major,
        why: `the server (${server.text})`,
        tool: 'psql',
        restricted: true
    });
    const state = JSON.parse(await session.query(STATE_SQL, 'list the roles and tablespaces there are'));
    const existingRoles = script.roles.filter(r => state.roles.includes(r));
    const existingTablespaces = script.tablespaces.filter(t => state.tablespaces.includes(t));
    const text = Buffer.from(statementsToRun(script.statements, state), 'latin1');
    const psql = async (path) => naming(await runScript(session, client, restricted => psqlRestoreArgs({
        conninfo: session.maintenance.conninfo,
        file: path,
        excludeSchemas: [],
        ignoreErrors: false,
        restricted
    }), true), path, file);
    const result = encrypted
        ? await feedingFifo(session.cancellation, () => Promise.resolve(external_node_stream_.Readable.from([text])), psql)
        : await withTrackedTemp(session.cancellation, { prefix: 'globals' }, async (dir) => {
            const checked = (0,external_node_path_.join)(dir, 'globals.sql');
            await (0,promises_.writeFile)(checked, text, { mode: 0o600 });
            return psql(checked);
        });
    if (result.exitCode !== 0) {
        throw new ToolError('failed', `Applying the roles and tablespaces of ${file} failed, and nothing was restored; ` +
            `the statements before the failing one were applied. ${apply_globals_explain(result.stderr, session)}` +
            (0,process_runner/* failureMessage */.oh)('psql', result), { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr });
    }
    const applied = {
        file,
        createdRoles: script.roles.filter(r => !existingRoles.includes(r)),
        existingRoles,
        createdTablespaces: script.tablespaces.filter(t => !existingTablespaces.includes(t)),
        existingTablespaces,
        connectedAs: state.user
    };
    logGlobals(session, applied);
    return applied;
}
function logGlobals(session, g) {
    const list = (names) => names.length ? names.join(', ') : 'none';
    session.logger.info(`Roles created: ${list(g.createdRoles)}; already there: ${list(g.existingRoles)}` +
        (g.existingRoles.includes(g.connectedAs)
            ? ` (${g.connectedAs}, the role this restore connects as, kept its attributes and password)`
            : ''));
    if (g.createdTablespaces.length || g.existingTablespaces.length) {
        session.logger.info(`Tablespaces created: ${list(g.createdTablespaces)}; already there: ${list(g.existingTablespaces)}`);
    }
}

;// CONCATENATED MODULE: ./lib/core/cluster/stopped-midway.js
// What a restore of several databases that failed on one of them says: which
// database failed, which were restored before it and which were not tried.
/**
 * The error of the restore into `names[failed]`, its message opened with
 * where the restore of several stopped. Its type and fields are kept (the
 * front ends name it); anything but an Error, or a restore of one
 * database, is returned as it is.
 */
function stoppedMidway(error, folder, names, failed) {
    if (!(error instanceof Error) || names.length < 2)
        return error;
    const done = names.slice(0, failed);
    const rest = names.slice(failed + 1);
    const list = (items) => `${items.join(', ')} ${items.length === 1 ? 'was' : 'were'}`;
    error.message =
        `Restoring the ${names.length} databases of ${folder} stopped at ${names[failed]} (the ${ordinal(failed + 1)}): ` +
            `${done.length ? `${list(done)} restored before it` : 'none was restored before it'}, ` +
            `${rest.length ? `${list(rest)} not attempted` : 'it was the last'}.\n${error.message}`;
    return error;
}
function ordinal(n) {
    const tens = n % 100;
    const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
    return `${n}${suffix}`;
}

;// CONCATENATED MODULE: ./lib/core/cluster/restore-cluster.js
// Restores what a dump with globals or of several databases holds: the
// roles and tablespaces first, then the one dump, or each database into its
// namesake. The Dumper reads the layout here and dispatches; a single dump
// without globals goes to restore/ directly. A dump of several cannot go
// into the copies of `databases`, which is one dump made many.







/** The globals file to apply, as the option says, or undefined. */
function globalsToApply(session, found, option, where) {
    if (option === false)
        return undefined;
    if (found === undefined && option === true) {
        throw new ToolError('command', `${session.wording.set('globals', 'true')} asks for the roles and tablespaces, but there is no ${GLOBALS_FILE} ${where}. ` +
            `Dump with ${session.wording.set('globals', 'true')} (which writes it, or ${GLOBALS_AGE_FILE} when encrypting), or leave it out at restore.`);
    }
    if (found !== undefined) {
        session.logger.info(`Applying the roles and tablespaces of ${found} first (${session.wording.set('globals', 'false')} leaves them out)`);
    }
    return found;
}
/** The dumps of the databases asked for, in the folder's order. */
function selected(session, dumps, names, folder) {
    const missing = names.filter(n => !dumps.some(d => d.database === n));
    if (missing.length > 0) {
        throw new ToolError('command', `${session.wording.name('dbname')} names ${missing.join(', ')}, which ${folder} holds no dump of ` +
            `(it holds ${dumps.map(d => d.database).join(', ')}).`);
    }
    return names.length
        ? dumps.filter(d => names.includes(d.database))
        : [...dumps];
}
/** A missing or wrong key fails before any role or database is touched. */
function keyOpens(session, options, globals, dumps) {
    const files = options.globals === false || !globals ? [] : [globals];
    return checkKeyOpens(session, [...files, ...dumps], options.decryptKey);
}
/**
 * Reads what the restore's path holds (a LayoutError becomes a failed
 * ToolError); a single dump refuses several names in `dbnames`.
 */
async function readRestoreLayout(session, options) {
    const path = (0,external_node_path_.resolve)(options.file);
    const layout = await readLayout(path).catch((error) => {
        if (error instanceof LayoutError)
            throw new ToolError('failed', error.message);
        throw error;
    });
    const names = options.dbnames ?? [];
    if (layout.kind === 'single' && names.length > 1) {
        throw new ToolError('command', `${session.wording.name('dbname')} names several databases (${names.join(', ')}), but ${path} is the dump of one. ` +
            'Restore a dump of several databases (a folder, or an artifact, holding one dump per database), or name one database.');
    }
    return layout;
}
/** Whether a single dump's restore involves its globals: found and not left out, or asked for. */
function involvesGlobals(layout, options) {
    return (options.globals === true ||
        (options.globals !== false && layout.globals !== undefined));
}
/** Restores one dump, the globals beside it first (failing when asked for and missing). */
async function restoreWithGlobals(session, options, layout) {
    const path = (0,external_node_path_.resolve)(options.file);
    await keyOpens(session, options, layout.globals, [path]);
    const globals = await globalsFirst(session, layout, options, `beside ${path}`);
    const result = await restore(session, options);
    return { ...result, ...(globals && { globals }) };
}
/** Restores a dump of several databases, each into its namesake, the globals first. */
async function restoreDatabases(session, options, layout) {
    const started = performance.now();
    const path = (0,external_node_path_.resolve)(options.file);
    const fanOut = options.databases ?? [];
    if (fanOut.length > 0) {
        throw new ToolError('command', `${path} holds the dumps of several databases (${layout.dumps.map(d => d.database).join(', ')}), each restored into its namesake, ` +
            `so they cannot all go into the copies ${fanOut.join(', ')}. Leave ${session.wording.name('databases')} empty, or restore one database's dump from the folder.`);
    }
    const chosen = selected(session, layout.dumps, options.dbnames ?? [], path);
    await keyOpens(session, options, layout.globals, chosen.map(d => d.file));
    session.logger.info(`${path} holds the dumps of ${layout.dumps.length} databases (${layout.dumps.map(d => d.database).join(', ')}); ` +
        `restoring ${chosen.map(d => d.database).join(', ')}, each into its namesake`);
    for (const { file, others } of chosen) {
        if (others?.length) {
            session.logger.info(`Restoring ${file}: ${others.join(', ')} hold the same database in another format and are left alone (an archive is preferred, custom first)`);
        }
    }
    const globals = await globalsFirst(session, layout, options, `in ${path}`);
    const dumps = [];
    for (const { database, file } of chosen) {
        const one = session.forDatabase(database);
        try {
            session.logger.info(`Restoring ${file} into ${database}`);
            const result = await restore(one, {
                ...options,
                file,
                databases: undefined
            });
            dumps.push({ ...result, database });
        }
        catch (error) {
            const all = chosen.map(d => d.database);
            throw stoppedMidway(error, path, all, dumps.length);
        }
        finally {
            await one.close();
        }
    }
    const [first] = dumps;
    return {
        ...first,
        file: path,
        size: dumps.reduce((sum, d) => sum + d.size, 0),
        sha256: '',
        durationMs: performance.now() - started,
        ignoredErrors: dumps.reduce((sum, d) => sum + d.ignoredErrors, 0),
        databases: dumps.map(d => d.database),
        dumps,
        ...(globals && { globals })
    };
}
/** Applies the globals the layout holds, when the options ask for them; what it did, if anything. */
async function globalsFirst(session, layout, options, where) {
    const file = globalsToApply(session, layout.globals, options.globals, where);
    return file === undefined
        ? undefined
        : applyGlobals(session, file, options.decryptKey);
}

;// CONCATENATED MODULE: ./lib/core/cluster/outputs.js
// The files a dump writes: one file, or each database in each format in one
// folder. A dump's file name may hold the placeholders {dbname} and {ext}
// (dump, sql, tar, dir): `out/{dbname}-2026.1.{ext}` writes each dump into
// `out` by that name, beside what `out` already holds; without placeholders
// the dumps of several go into the folder `file`, as `<dbname>.<ext>`.




/** The placeholders a dump's file name may hold. */
const PLACEHOLDERS = ['{dbname}', '{ext}'];
const PLACEHOLDER = /\{[A-Za-z_]+\}/gu;
/** The placeholders (`{word}`) a path's file name holds, known or not. */
function placeholdersIn(file) {
    return (0,external_node_path_.basename)(file).match(PLACEHOLDER) ?? [];
}
/** Whether a dump's file name holds a placeholder. */
function holdsPlaceholders(file) {
    return placeholdersIn(file).length > 0;
}
/**
 * Why `file` cannot name a dump's files, or undefined: a placeholder that
 * is none of PLACEHOLDERS, or one in the folder (every file of a dump goes
 * into one folder).
 */
function placeholderProblem(file) {
    const unknown = placeholdersIn(file).find(p => !PLACEHOLDERS.includes(p));
    if (unknown !== undefined)
        return `${unknown} is no placeholder (the file name may hold ${PLACEHOLDERS.join(' and ')})`;
    const folder = dirname(file);
    if (PLACEHOLDERS.some(p => folder.includes(p)))
        return 'placeholders go in the file name, not in its folder: every file of a dump goes into one folder';
    return undefined;
}
/**
 * A file name with its placeholders filled in: the database's name
 * percent-encoded as in a folder of several, the format's extension.
 */
function expandName(name, database, format) {
    return name
        .replaceAll('{dbname}', encodedName(database))
        .replaceAll('{ext}', formatExtension(format));
}
/** Why the files cannot all be written: two to one name, or one to the globals'. */
function clash(files) {
    const seen = new Map();
    for (const f of files) {
        if (isGlobalsFile(f.name))
            return `the ${f.format} dump of ${f.database} would be ${f.name}, the roles and tablespaces script's name`;
        const earlier = seen.get(f.name);
        if (earlier)
            return `the ${earlier.format} dump of ${earlier.database} and the ${f.format} dump of ${f.database} would both be ${f.name}`;
        seen.set(f.name, f);
    }
    return undefined;
}
/**
 * Each database in each format, in one folder: the file's folder and names
 * from its placeholders, or the folder `file` and `<dbname>.<ext>`; with
 * `encrypted` each name ends in `.age`. Throws a `command` ToolError when
 * two would have one name.
 */
function severalOutputs(file, databases, formats, encrypted) {
    const named = holdsPlaceholders(file);
    const age = (name) => encrypted && !name.endsWith(AGE_EXTENSION)
        ? `${name}${AGE_EXTENSION}`
        : name;
    const files = databases.flatMap(database => formats.map(format => ({
        database,
        format,
        name: named
            ? age(expandName((0,external_node_path_.basename)(file), database, format))
            : databaseFileName(database, format, encrypted)
    })));
    const problem = clash(files);
    if (problem) {
        throw new ToolError('command', `Cannot dump to ${file}: ${problem}. Put ${PLACEHOLDERS.join(' and ')} in the file name so that each dump has its own.`, { tool: 'pg_dump' });
    }
    return { folder: (0,external_node_path_.resolve)(named ? (0,external_node_path_.dirname)(file) : file), named, files };
}
/** The paths a dump of several takes the place of: its folder, or each named file and the globals. */
function severalTargets(outputs, globals, encrypted) {
    if (!outputs.named)
        return [outputs.folder];
    return [
        ...outputs.files.map(f => (0,external_node_path_.join)(outputs.folder, f.name)),
        ...(globals
            ? [(0,external_node_path_.join)(outputs.folder, encrypted ? GLOBALS_AGE_FILE : GLOBALS_FILE)]
            : [])
    ];
}
/** A dump of one file, its placeholders filled in with the database's name. */
async function expandOne(session, options) {
    if (!holdsPlaceholders(options.file))
        return options;
    const database = await session.databaseName();
    const format = options.format ?? 'custom';
    const fill = (path) => (0,external_node_path_.join)((0,external_node_path_.dirname)(path), expandName((0,external_node_path_.basename)(path), database, format));
    return {
        ...options,
        file: fill(options.file),
        ...(options.plainFile !== undefined && {
            plainFile: fill(options.plainFile)
        })
    };
}

;// CONCATENATED MODULE: ./lib/core/dump/target-lock.js
// One dump at a time per target: before anything is written, a hidden lock
// file beside the target (`.app.dump.lock`) is created exclusively, and it is
// removed once the dump took its place. A second dump to the same target
// fails at once, naming it, and writes nothing. A lock left by a run that was
// killed is taken over: its process is gone, or it was not refreshed for a
// minute (another machine or container, whose processes cannot be seen).







/** How often a held lock's time is refreshed. */
const REFRESH_MS = 10_000;
/** A lock not refreshed for this long belongs to no running dump. */
const STALE_MS = 60_000;
/** Locks this process holds: a second dump in the same process is refused too. */
const heldHere = new Set();
/**
 * The lock file of `target`: `.<name>.lock` beside it, or, where that would
 * be longer than a file name may be, `.pg-dumper-<hash of the name>.lock`.
 */
function lockPath(target) {
    const name = (0,external_node_path_.basename)(target);
    const full = `.${name}.lock`;
    if (Buffer.byteLength(full) <= NAME_MAX)
        return (0,external_node_path_.join)((0,external_node_path_.dirname)(target), full);
    const hash = (0,external_node_crypto_.createHash)('sha256').update(name).digest('hex').slice(0, 16);
    return (0,external_node_path_.join)((0,external_node_path_.dirname)(target), `.pg-dumper-${hash}.lock`);
}
/**
 * Runs `fn` holding the lock of each target (absolute paths), and releases
 * them afterwards, whatever happens. A target another dump holds fails with
 * a `command` ToolError naming it, before `fn` runs.
 */
async function withTargetLocks(session, targets, fn) {
    const held = [];
    const made = [];
    let failed = false;
    try {
        for (const target of new Set(targets)) {
            // refused as a target right after; no lock in a parent of the workspace
            if (isWorkingDirOrParent(target))
                continue;
            const first = await makeFolder((0,external_node_path_.dirname)(target));
            if (first)
                made.push({ deepest: (0,external_node_path_.dirname)(target), first });
            held.push(await acquire(session, target));
        }
        return await fn();
    }
    catch (error) {
        failed = true;
        throw error;
    }
    finally {
        for (const lock of held.reverse())
            await release(session, lock);
        // a failed dump leaves no folder it made, unless something else is in it
        if (failed)
            for (const folders of made)
                await removeEmpty(folders);
    }
}
/** Removes the empty folders from `deepest` up to `first`. */
async function removeEmpty(o) {
    for (let folder = o.deepest;; folder = (0,external_node_path_.dirname)(folder)) {
        if (!(await (0,promises_.rmdir)(folder).then(() => true, () => false)))
            return;
        if (folder === o.first || (0,external_node_path_.dirname)(folder) === folder)
            return;
    }
}
/** Makes `folder` and its missing parents; the first it made, if any. */
function makeFolder(folder) {
    return (0,promises_.mkdir)(folder, { recursive: true }).catch((error) => {
        throw new ToolError('command', `Cannot create the folder ${folder} for the dump: ${error.message}`, { tool: 'pg_dump' });
    });
}
async function acquire(session, target) {
    const path = lockPath(target);
    const holder = {
        pid: process.pid,
        host: (0,external_node_os_.hostname)(),
        since: new Date().toISOString(),
        token: (0,external_node_crypto_.randomBytes)(8).toString('hex')
    };
    const content = `${JSON.stringify(holder)}\n`;
    for (let attempt = 0; attempt < 3; attempt++) {
        if (await target_lock_create(path, content, target)) {
            session.cancellation.track(path);
            heldHere.add(path);
            const timer = setInterval(() => {
                const now = new Date();
                (0,promises_.utimes)(path, now, now).catch(noop);
            }, REFRESH_MS);
            timer.unref();
            return { target, path, content, timer };
        }
        const found = await readLock(path);
        if (found === undefined)
            continue; // released meanwhile: try again
        const stale = staleBecause(path, found);
        if (stale === undefined)
            throw busy(target, path, found);
        if (await takeOver(path, found.content)) {
            session.logger.warning(`Removed the lock ${path} of an earlier dump to ${target}: ${stale}`);
        }
    }
    const found = await readLock(path);
    throw busy(target, path, found);
}
/** Creates the lock with `content`; false when it exists. */
async function target_lock_create(path, content, target) {
    let handle;
    try {
        handle = await (0,promises_.open)(path, 'wx', 0o644);
    }
    catch (error) {
        if (error.code === 'EEXIST')
            return false;
        throw new ToolError('command', `Cannot dump to ${target}: its lock file ${path} cannot be created (${error.message}).`, { tool: 'pg_dump' });
    }
    try {
        await handle.writeFile(content);
    }
    finally {
        await handle.close();
    }
    return true;
}
async function readLock(path) {
    try {
        const [content, info] = await Promise.all([
            (0,promises_.readFile)(path, 'utf8'),
            (0,promises_.stat)(path)
        ]);
        return {
            content,
            holder: parseHolder(content),
            ageMs: Date.now() - info.mtimeMs
        };
    }
    catch {
        return undefined;
    }
}
function parseHolder(content) {
    try {
        const value = JSON.parse(content);
        return typeof value.pid === 'number' && typeof value.host === 'string'
            ? value
            : undefined;
    }
    catch {
        // being written (created, not yet filled), or not ours
        return undefined;
    }
}
/** Why a lock belongs to no running dump, or undefined when it may. */
function staleBecause(path, found) {
    if (found.ageMs > STALE_MS) {
        return `it was not refreshed for ${formatDuration(found.ageMs)}`;
    }
    const { holder } = found;
    if (holder === undefined || holder.host !== (0,external_node_os_.hostname)())
        return undefined;
    if (holder.pid === process.pid) {
        return heldHere.has(path)
            ? undefined
            : `its process ${holder.pid} is this one, which does not hold it`;
    }
    return running(holder.pid)
        ? undefined
        : `its process ${holder.pid} is no longer running`;
}
function running(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        // EPERM: it runs, as another user
        return error.code === 'EPERM';
    }
}
/**
 * Removes a stale lock that still reads `content`: moved aside first (one
 * rename, so two runs cannot both remove it), then checked; a lock another
 * run made meanwhile is put back.
 */
async function takeOver(path, content) {
    const aside = `${path}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.stale`;
    try {
        await (0,promises_.rename)(path, aside);
    }
    catch {
        return false;
    }
    const moved = await (0,promises_.readFile)(aside, 'utf8').catch(() => undefined);
    if (moved !== content)
        await (0,promises_.link)(aside, path).catch(() => undefined);
    await (0,promises_.rm)(aside, { force: true });
    return moved === content;
}
const noop = () => undefined;
function busy(target, path, found) {
    const holder = found?.holder;
    const who = holder
        ? `process ${holder.pid} on ${holder.host}, since ${holder.since}`
        : 'a run that is starting';
    return new ToolError('command', `Cannot dump to ${target}: another dump is writing it (${who}), and two dumps to one target would leave one's outputs describing a file that is not there. ` +
        `Wait for it, or dump to another file. If no dump is running, remove its lock ${path} (a lock not refreshed for a minute is taken over).`, { tool: 'pg_dump' });
}
/** Stops refreshing the lock and removes it, unless another run took it over. */
async function release(session, lock) {
    clearInterval(lock.timer);
    heldHere.delete(lock.path);
    const now = await (0,promises_.readFile)(lock.path, 'utf8').catch(() => undefined);
    // gone: removed with the temporary files of a cancelled run
    if (now === lock.content)
        await (0,promises_.rm)(lock.path, { force: true }).catch(noop);
    else if (now !== undefined) {
        session.logger.warning(`The lock ${lock.path} of the dump to ${lock.target} was taken over by another run while this one ran: ${lock.target} may hold that run's dump.`);
    }
    session.cancellation.untrack(lock.path);
}

;// CONCATENATED MODULE: ./lib/core/logger.js
// The small logging surface the core writes to; the action maps it onto
// @actions/core, the CLI onto stderr.
/** A logger that drops everything; the default for library use. */
const silentLogger = {
    info: () => undefined,
    warning: () => undefined,
    debug: () => undefined,
    group: (_name, fn) => fn()
};

// EXTERNAL MODULE: ./lib/core/versions.js
var core_versions = __nccwpck_require__(3334);
;// CONCATENATED MODULE: ./lib/core/client/binary-version.js
// A client's version read from its executable rather than by running it:
// the line `pg_dump --version` prints ("pg_dump (PostgreSQL) 15.4 (Debian
// …)") is a string in the binary. Reading it spares a process start on the
// way to pg_dump. Only for native executables (ELF, Mach-O, PE) holding the
// line once; anything else (a script, Debian's pg_wrapper, a binary of
// another build) is asked with `--version`.


/** Larger files are not read (a pg_dump is about half a MB; static builds a few). */
const MAX_BINARY_BYTES = 32 * 1024 * 1024;
/** How native executables start: ELF, Mach-O (32, 64, universal), PE. */
const MAGIC = ['7f454c46', 'cefaedfe', 'cffaedfe', 'cafebabe', '4d5a'];
const LINE = Buffer.from('pg_dump (PostgreSQL) ', 'latin1');
/** The version the pg_dump at `file` prints, read from the file; undefined: ask it. */
async function versionInBinary(file) {
    let bytes;
    try {
        const handle = await (0,promises_.open)(file, 'r');
        try {
            const { size } = await handle.stat();
            if (size > MAX_BINARY_BYTES)
                return undefined;
            bytes = await handle.readFile();
        }
        finally {
            await handle.close();
        }
    }
    catch {
        return undefined;
    }
    const head = bytes.subarray(0, 4).toString('hex');
    if (!MAGIC.some(magic => head.startsWith(magic)))
        return undefined;
    const at = bytes.indexOf(LINE);
    if (at < 0 || bytes.indexOf(LINE, at + 1) >= 0)
        return undefined;
    const end = bytes.indexOf(0, at);
    if (end < 0 || end - at > 200)
        return undefined;
    return (0,core_versions/* parseVersion */.ot)(bytes.toString('latin1', at, end));
}

// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 8 modules
var exec = __nccwpck_require__(6985);
;// CONCATENATED MODULE: ./lib/core/client/tools.js
// The three client programs in a folder: whether they are there, and which
// version they are.






/** The programs pg-dumper runs. */
const TOOLS = ['pg_dump', 'pg_restore', 'psql'];
function executableName(tool, platform) {
    return platform === 'win32' ? `${tool}.exe` : tool;
}
/** The tools binDir lacks as executable files, of pg_dump, pg_restore and psql. */
async function missingTools(binDir, platform = process.platform) {
    const missing = [];
    for (const tool of TOOLS) {
        const file = (0,external_node_path_.join)(binDir, executableName(tool, platform));
        try {
            if (!(await (0,promises_.stat)(file)).isFile())
                throw new Error('not a file');
            await (0,promises_.access)(file, external_node_fs_.constants.X_OK);
        }
        catch {
            missing.push(tool);
        }
    }
    return missing;
}
/**
 * The version of the client in binDir: runs `pg_dump --version` there.
 * Throws ToolNotRunnable when it does not run, fails or prints no version.
 */
async function clientVersion(binDir, platform = process.platform) {
    const pgDump = (0,external_node_path_.join)(binDir, executableName('pg_dump', platform));
    const result = await (0,exec/* getExecOutput */.H)((0,process_runner/* commandLine */.ay)(pgDump), ['--version'], {
        ignoreReturnCode: true,
        silent: true,
        env: (0,process_runner/* childEnv */.gf)()
    }).catch((error) => {
        throw new process_runner/* ToolNotRunnable */.zB(error instanceof Error ? error.message : String(error));
    });
    const version = result.exitCode === 0 ? (0,core_versions/* parseVersion */.ot)(result.stdout.trim()) : undefined;
    if (!version) {
        const said = (result.stderr || result.stdout).trim();
        throw new process_runner/* ToolNotRunnable */.zB(`${pgDump} --version exited ${result.exitCode}` +
            (said ? `: ${said}` : ' without a version'));
    }
    return version;
}

;// CONCATENATED MODULE: ./lib/core/client/search.js
// Finds the PostgreSQL clients (pg_dump, pg_restore, psql) installed where
// the usual installers put them, and picks the one a dump or restore needs.







const HOMEBREW_PREFIXES = [
    '/opt/homebrew',
    '/usr/local',
    '/home/linuxbrew/.linuxbrew'
];
/** Names in dir matching pattern, highest number first; none if unreadable. */
async function numberedDirs(dir, pattern) {
    let names;
    try {
        names = await (0,promises_.readdir)(dir);
    }
    catch {
        return [];
    }
    const number = (name) => Number(pattern.exec(name)?.[1] ?? NaN);
    return names
        .filter(name => !Number.isNaN(number(name)))
        .sort((a, b) => number(b) - number(a));
}
/** The folders that may hold a client, in search order. */
async function candidates(root, platform, path) {
    const found = [];
    const add = (layout, binDir) => found.push({ binDir, layout });
    if (platform !== 'win32') {
        const debian = (0,external_node_path_.join)(root, '/usr/lib/postgresql');
        for (const n of await numberedDirs(debian, /^(\d+(?:\.\d+)?)$/))
            add('debian', (0,external_node_path_.join)(debian, n, 'bin'));
        const usr = (0,external_node_path_.join)(root, '/usr');
        for (const n of await numberedDirs(usr, /^pgsql-(\d+(?:\.\d+)?)$/))
            add('rhel', (0,external_node_path_.join)(usr, n, 'bin'));
        for (const prefix of HOMEBREW_PREFIXES) {
            const opt = (0,external_node_path_.join)(root, prefix, 'opt');
            for (const n of await numberedDirs(opt, /^postgresql@(\d+(?:\.\d+)?)$/))
                add('homebrew', (0,external_node_path_.join)(opt, n, 'bin'));
            // the unversioned formulae follow the newest major; libpq has the clients only
            add('homebrew', (0,external_node_path_.join)(opt, 'postgresql', 'bin'));
            add('homebrew', (0,external_node_path_.join)(opt, 'libpq', 'bin'));
        }
    }
    else {
        // a test root stands in for the system drive, so it has no `C:` part
        const programFiles = root
            ? (0,external_node_path_.join)(root, 'Program Files')
            : (process.env.ProgramFiles ?? 'C:\\Program Files');
        const edb = (0,external_node_path_.join)(programFiles, 'PostgreSQL');
        for (const n of await numberedDirs(edb, /^(\d+(?:\.\d+)?)$/))
            add('windows', (0,external_node_path_.join)(edb, n, 'bin'));
    }
    const separator = platform === 'win32' ? ';' : ':';
    for (const entry of path.split(separator)) {
        // an empty entry means the working directory, which is no install
        if (entry.trim() !== '')
            add('path', entry);
    }
    return found;
}
/**
 * True when file is Debian's pg_wrapper, the Perl script behind
 * /usr/bin/pg_dump that runs one of /usr/lib/postgresql/<N>/bin's clients.
 */
async function isPgWrapper(file) {
    if ((0,external_node_path_.basename)(await (0,promises_.realpath)(file)) === 'pg_wrapper')
        return true;
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(2048), 0, 2048);
        const head = buffer.subarray(0, bytesRead).toString('latin1');
        return head.startsWith('#!') && head.includes('PgCommon');
    }
    finally {
        await handle.close();
    }
}
/**
 * The real path of binDir's pg_dump when binDir holds all three clients as
 * executable files; otherwise why not (nothing to say when there is no
 * pg_dump at all, as in most PATH entries).
 */
async function inspect(candidate, platform) {
    const pgDump = (0,external_node_path_.join)(candidate.binDir, executableName('pg_dump', platform));
    for (const tool of TOOLS) {
        const file = (0,external_node_path_.join)(candidate.binDir, executableName(tool, platform));
        try {
            if (!(await (0,promises_.stat)(file)).isFile())
                return { skip: `${file} is no file` };
            await (0,promises_.access)(file, external_node_fs_.constants.X_OK);
        }
        catch {
            return file === pgDump ? {} : { skip: `${file} is missing` };
        }
    }
    try {
        // skipped, not resolved: every client pg_wrapper can run lives in
        // /usr/lib/postgresql/<N>/bin, which the Debian layout already finds
        if (await isPgWrapper(pgDump))
            return { skip: `${pgDump} is Debian's pg_wrapper` };
        return { key: await (0,promises_.realpath)(pgDump) };
    }
    catch (error) {
        return { skip: `cannot read ${pgDump}: ${String(error)}` };
    }
}
/**
 * Every installed client (a folder with pg_dump, pg_restore and psql), newest
 * first, de-duplicated by the real path of pg_dump (the first location found
 * wins). Searched in this order: Debian/Ubuntu `/usr/lib/postgresql/<N>/bin`,
 * RHEL `/usr/pgsql-<N>/bin`, Homebrew's `opt/postgresql@<N>/bin`,
 * `opt/postgresql/bin` and `opt/libpq/bin` under /opt/homebrew, /usr/local and
 * /home/linuxbrew/.linuxbrew (all but Windows), `C:\Program Files\PostgreSQL\<N>\bin`
 * (Windows only), then each PATH entry. Debian's pg_wrapper is skipped.
 * Folders whose pg_dump does not report a version are skipped.
 */
async function findClients(options = {}) {
    const platform = options.platform ?? process.platform;
    const logger = options.logger ?? silentLogger;
    const all = await candidates(options.root ?? '', platform, options.path ?? process.env.PATH ?? '');
    const inspected = await Promise.all(all.map(c => inspect(c, platform)));
    const seen = new Set();
    const unique = [];
    all.forEach((candidate, i) => {
        const result = inspected[i];
        if (!('key' in result)) {
            if (result.skip)
                logger.debug(`Not a PostgreSQL client: ${result.skip}`);
        }
        else if (seen.has(result.key)) {
            logger.debug(`${candidate.binDir}: same client as one found before`);
        }
        else {
            seen.add(result.key);
            unique.push(candidate);
        }
    });
    const versions = await Promise.all(unique.map(async (c) => {
        try {
            return await clientVersion(c.binDir, platform);
        }
        catch (error) {
            logger.debug(`Skipping ${c.binDir}: ${error instanceof Error ? error.message : String(error)}`);
            return undefined;
        }
    }));
    const installs = [];
    unique.forEach((c, i) => {
        const version = versions[i];
        if (version)
            installs.push({ ...c, version });
    });
    // stable: equal versions keep the search order
    return installs.sort((a, b) => (0,core_versions/* compareVersions */.Zy)(b.version, a.version));
}
/**
 * Pure: the install of the oldest major that is >= need.major (or exactly
 * `forced` when given; then even one older than needed, which the reason
 * says); within that major, the newest minor, then the earlier found.
 * Undefined if none. `need.why` names what sets the need, e.g.
 * "the server (16.4)"; the reason then reads "the oldest installed client
 * not older than the server (16.4)".
 */
function chooseClient(installs, need, forced) {
    const fits = installs.filter(i => forced === undefined
        ? i.version.major >= need.major
        : i.version.major === forced);
    const best = fits.reduce((best, i) => {
        if (!best)
            return i;
        const byMajor = i.version.major - best.version.major;
        if (byMajor !== 0)
            return byMajor < 0 ? i : best;
        return i.version.minor > best.version.minor ? i : best;
    }, undefined);
    if (!best)
        return undefined;
    if (forced === undefined)
        return {
            install: best,
            reason: `the oldest installed client not older than ${need.why}`
        };
    return {
        install: best,
        reason: forced >= need.major
            ? `PostgreSQL ${forced} was asked for`
            : `PostgreSQL ${forced} was asked for, although ${need.why} needs ${need.major} or newer`
    };
}

;// CONCATENATED MODULE: ./lib/core/client/holes.js

/** Every hole pg-dumper warns of. */
const CLIENT_HOLES = [
    {
        cve: 'CVE-2026-6477',
        tool: 'pg_dump',
        risk: "a hostile server could overwrite pg_dump's stack through libpq's large-object reads (lo_read)",
        // the May 2026 minor releases
        fixedIn: ['14.23', '15.18', '16.14', '17.10', '18.4']
    }
];
const holes_release = (text) => (0,core_versions/* parseVersion */.ot)(text);
/**
 * Where `version` stands against `hole`. A major newer than the table's
 * was first released after the fix, so it has it.
 */
function holeStatus(hole, version) {
    const fixes = hole.fixedIn.map(holes_release);
    const same = fixes.find(f => f.major === version.major);
    if (same) {
        return version.minor >= same.minor
            ? { kind: 'fixed' }
            : { kind: 'older', fixed: same };
    }
    const oldest = fixes[0];
    return version.major < oldest.major
        ? { kind: 'unsupported', oldest }
        : { kind: 'fixed' };
}
/** The warning for running `tool` at `version` when a hole affects it, one per hole. */
function holeWarnings(tool, version, w) {
    const warnings = [];
    for (const hole of CLIENT_HOLES) {
        if (hole.tool !== tool)
            continue;
        const status = holeStatus(hole, version);
        const what = `${hole.cve}: ${hole.risk}`;
        const auto = w.set('installClient', 'auto');
        if (status.kind === 'older') {
            const fixed = status.fixed.text;
            warnings.push({
                cve: hole.cve,
                warning: `${tool} ${version.text} is older than ${fixed}, the release that fixes ${what}. ` +
                    `Use ${tool} ${fixed} or newer: update postgresql-client-${version.major}, or set ${w.name('pgBinDir')} to a current client ` +
                    `(${auto} installs the current release when no installed client fits).`
            });
        }
        else if (status.kind === 'unsupported') {
            const oldest = status.oldest;
            warnings.push({
                cve: hole.cve,
                warning: `${tool} ${version.text} is of PostgreSQL ${version.major}, past its end of life: no release of it fixes ${what}. ` +
                    `Use ${tool} ${oldest.text} or newer (a newer ${tool} dumps older servers too): set ${w.name('pgVersion')} to ${oldest.major} or later ` +
                    `(${auto} installs it when it is missing), or ${w.name('pgBinDir')} to a current client.`
            });
        }
    }
    return warnings;
}

// EXTERNAL MODULE: ./lib/core/client/install.js
var install = __nccwpck_require__(8552);
;// CONCATENATED MODULE: ./lib/core/client/resolver.js
// Chooses the pg_dump/pg_restore/psql to run: a given folder if any, else the
// oldest installed client new enough for the job (a forced major if asked),
// installing one when none is and that is allowed.









const describe = (installs) => installs.length
    ? installs.map(i => `${i.version.text} (${i.binDir})`).join(', ')
    : 'none';
/** Finds (or installs) clients once per Dumper and picks one per job. */
class ClientResolver {
    installs;
    checked;
    givenVersion;
    warned = new Set();
    policy;
    logger;
    wording;
    constructor(policy, logger, wording) {
        this.policy = policy;
        this.logger = logger;
        this.wording = wording;
    }
    /** Installed clients, newest first (searched once). */
    found() {
        this.installs ??= findClients({
            logger: this.logger,
            ...this.policy.search
        });
        return this.installs;
    }
    /** A psql to ask the server its version with: any will do, the newest is best. */
    async probeClient() {
        if (this.policy.binDir)
            return this.givenBinDir();
        return (await this.found())[0]?.binDir;
    }
    /** Starts asking the given folder's client its version, once (to run while a probe's psql does). */
    versionAhead() {
        if (this.policy.binDir)
            this.versionOfGiven().catch(() => { });
    }
    /**
     * The version of the given folder's client, known once (a failure is
     * thrown where it is needed): read from pg_dump's binary, else asked.
     */
    versionOfGiven() {
        this.givenVersion ??= this.givenBinDir().then(async (dir) => (await versionInBinary((0,external_node_path_.join)(dir, executableName('pg_dump', process.platform)))) ?? clientVersion(dir));
        return this.givenVersion;
    }
    /**
     * The client `pgBinDir` gives, known before the server is (a job's need
     * is checked against it once the server's version is known, by resolve());
     * undefined when none is given or it does not hold the three tools.
     */
    async given() {
        const { binDir } = this.policy;
        if (!binDir)
            return undefined;
        const version = await this.versionOfGiven().catch(() => undefined);
        if (!version)
            return undefined;
        return {
            binDir,
            version,
            reason: `given as ${this.wording.name('pgBinDir')}`
        };
    }
    /** The given folder, once it is known to hold all three tools. */
    givenBinDir() {
        const binDir = this.policy.binDir;
        this.checked ??= missingTools(binDir).then(missing => {
            if (missing.length === 0)
                return binDir;
            throw new process_runner/* ToolNotRunnable */.zB(`${this.wording.name('pgBinDir')} ${binDir} holds no ${missing.join(', no ')}: pg-dumper runs pg_dump, pg_restore and psql from it (a dump is read back with pg_restore before it is kept)`, missing[0]);
        });
        return this.checked;
    }
    /**
     * Warns of the known holes in `client`'s release that running `tool`
     * exposes, each once per run (every session shares this resolver).
     */
    warnOfHoles(tool, client) {
        if (!client.version)
            return client;
        for (const { cve, warning } of holeWarnings(tool, client.version, this.wording)) {
            if (this.warned.has(cve))
                continue;
            this.warned.add(cve);
            this.logger.warning(warning);
        }
        return client;
    }
    /** The client for a job, warned of when it has a known hole; throws PgClientVersionMismatch when none fits. */
    async resolve(need) {
        return this.warnOfHoles(need.tool, await this.choose(need));
    }
    async choose(need) {
        const { binDir, major } = this.policy;
        const w = this.wording;
        if (binDir) {
            const version = await this.versionOfGiven();
            if (version.major < need.major) {
                throw new PgClientVersionMismatch(`${need.why} needs ${need.tool} ${need.major} or newer, but ${w.name('pgBinDir')} ${binDir} holds ${version.text}. ` +
                    `Point ${w.name('pgBinDir')} at a PostgreSQL ${need.major}+ client, or leave it out to let pg-dumper choose one.`);
            }
            if (need.restricted && !(0,core_versions/* hasRestrictedMode */.jJ)(version)) {
                throw new PgClientVersionMismatch(`${restrictedWhy(version)} Point ${w.name('pgBinDir')} at such a client (${binDir} holds ${version.text}), ` +
                    `or leave it out to let pg-dumper choose one.`);
            }
            return { binDir, version, reason: `given as ${w.name('pgBinDir')}` };
        }
        const all = await this.found();
        // a script runs only where psql itself can refuse its meta-commands
        const installs = need.restricted
            ? all.filter(i => (0,core_versions/* hasRestrictedMode */.jJ)(i.version))
            : all;
        if (major !== undefined && major < need.major) {
            this.logger.warning(`${w.set('pgVersion', String(major))} is older than ${need.why} needs (${need.major}): ${need.tool} will likely refuse.`);
        }
        const choice = chooseClient(installs, need, major);
        if (choice) {
            return {
                binDir: choice.install.binDir,
                version: choice.install.version,
                reason: choice.reason
            };
        }
        // no 12 or older ever got restricted mode; a current 13+ reads their servers
        const wanted = Math.max(major ?? need.major, need.restricted ? 13 : 0);
        return this.install(wanted, need, all);
    }
    async install(wanted, need, installs) {
        const w = this.wording;
        const mismatch = (why) => new PgClientVersionMismatch((need.restricted ? `${restrictedWhy()} ` : '') +
            `${need.why} needs ${need.tool} ${wanted} or newer, but the PostgreSQL clients found are: ${describe(installs)}. ` +
            `${why} Fix: install postgresql-client-${wanted} (${w.set('installClient', 'auto')} does this on Linux runners with apt), ` +
            `or set ${w.name('pgBinDir')} to a PostgreSQL ${wanted} client.`);
        if (this.policy.install === 'never')
            throw mismatch(`${w.name('installClient')} is never.`);
        const { plan, reason } = await (0,install/* installPlanForThisMachine */.NL)(wanted);
        if (!plan)
            throw mismatch(`It cannot be installed here: ${reason}.`);
        this.logger.info(`Installing postgresql-client-${wanted}: no installed client is new enough for ${need.why}`);
        let binDir;
        try {
            // an HTTP client (for the signing key) loads only to install
            const { runInstall } = await Promise.all(/* import() */[__nccwpck_require__.e(942), __nccwpck_require__.e(952)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2952));
            binDir = await runInstall(plan, wanted, this.logger);
        }
        catch (error) {
            throw mismatch(`Installing postgresql-client-${wanted} failed: ${error.message}.`);
        }
        const version = await clientVersion(binDir);
        if (need.restricted && !(0,core_versions/* hasRestrictedMode */.jJ)(version))
            throw mismatch(`The installed postgresql-client-${version.major} is ${version.text}.`);
        this.installs = Promise.resolve([
            { binDir, version, layout: 'debian' },
            ...installs
        ]);
        return {
            binDir,
            version,
            reason: `installed postgresql-client-${version.major} for ${need.why}`
        };
    }
}
/** Why a script needs a psql with restricted mode, and which releases have it. */
function restrictedWhy(version) {
    return (`A SQL script runs in psql's restricted mode (\\restrict), in which psql itself refuses the script's meta-commands (\\! and the like would act on this machine)` +
        `${version ? `; psql ${version.text} has no such mode` : ''}: it needs psql ${core_versions/* RESTRICTED_MODE_RELEASES */.P3}.`);
}

;// CONCATENATED MODULE: ./lib/core/connection/service-file.js
// Finds the password a pg_service.conf holds for a service, so front ends
// can register it as a secret before anything is logged. Follows libpq's
// search: the user's file (PGSERVICEFILE or ~/.pg_service.conf), then the
// system's (PGSYSCONFDIR/pg_service.conf).



/** The `key=value` settings of `service` in one service file's text. */
function serviceSettings(text, service) {
    let current;
    let found;
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const section = /^\[(.*)\]$/.exec(line);
        if (section) {
            current = section[1];
            if (current === service)
                found ??= new Map();
            continue;
        }
        const at = line.indexOf('=');
        if (current === service && found && at > 0) {
            found.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
        }
    }
    return found;
}
/** The service files libpq reads, in order. */
function serviceFiles(env = process.env, serviceFile) {
    const user = serviceFile ?? env.PGSERVICEFILE ?? (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.pg_service.conf');
    const system = (0,external_node_path_.join)(env.PGSYSCONFDIR ?? '/etc/postgresql-common', 'pg_service.conf');
    return [user, system];
}
/** The settings the first service file that defines `service` gives it, if any. */
function serviceDefinition(service, options = {}) {
    for (const file of serviceFiles(options.env, options.serviceFile)) {
        let text;
        try {
            text = (0,external_node_fs_.readFileSync)(file, 'utf8');
        }
        catch {
            continue;
        }
        const settings = serviceSettings(text, service);
        if (settings)
            return settings;
    }
    return undefined;
}
/** The password the first service file that defines `service` gives it, if any. */
function servicePassword(service, options = {}) {
    return serviceDefinition(service, options)?.get('password');
}

;// CONCATENATED MODULE: ./lib/core/connection/secrets-file.js
// The connection's secrets other than the password (sslpassword,
// oauth_client_secret…) have no environment variable: they reach the tools
// in a private service file, never on a command line.





/** The keyword=value lines of a service file section. */
function serviceSection(name, settings) {
    for (const [key, value] of settings) {
        if (/[\r\n]/.test(value)) {
            throw new ToolError('command', `The connection's ${key} holds a line break, which a service file cannot carry.`);
        }
    }
    return `[${name}]\n${[...settings].map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
}
/**
 * Writes, into the private folder `dir`, a service file (mode 0600) whose
 * service holds the user's `service` definition, if any, and `secrets`;
 * returns its path, for PGSERVICEFILE.
 */
async function writeSecretsFile(dir, secrets, service, serviceFile) {
    const settings = new Map(service ? (serviceDefinition(service, { serviceFile }) ?? []) : []);
    for (const [key, value] of Object.entries(secrets))
        settings.set(key, value);
    const file = (0,external_node_path_.join)(dir, 'pg_service.conf');
    await (0,promises_.writeFile)(file, serviceSection(SECRETS_SERVICE, settings), {
        mode: 0o600
    });
    return file;
}

;// CONCATENATED MODULE: ./node_modules/is-network-error/index.js
const objectToString = Object.prototype.toString;

const isError = value => objectToString.call(value) === '[object Error]';

const errorMessages = new Set([
	'network error', // Chrome
	'NetworkError when attempting to fetch resource.', // Firefox
	'The Internet connection appears to be offline.', // Safari 16
	'Network request failed', // `cross-fetch`
	'fetch failed', // Undici (Node.js)
	'terminated', // Undici (Node.js)
	' A network error occurred.', // Bun (WebKit)
	'Network connection lost', // Cloudflare Workers (fetch)
]);

function isNetworkError(error) {
	const isValid = error
		&& isError(error)
		&& error.name === 'TypeError'
		&& typeof error.message === 'string';

	if (!isValid) {
		return false;
	}

	const {message, stack} = error;

	// Safari 17+ has generic message but no stack for network errors
	if (message === 'Load failed' || (message.startsWith('Load failed (') && message.endsWith(')'))) {
		return stack === undefined
			// Sentry adds its own stack trace to the fetch error, so also check for that
			|| '__sentry_captured__' in error;
	}

	// Deno network errors start with specific text
	if (message.startsWith('error sending request for url')) {
		return true;
	}

	// Chrome: exact "Failed to fetch" or with hostname: "Failed to fetch (example.com)"
	if (message === 'Failed to fetch' || (message.startsWith('Failed to fetch (') && message.endsWith(')'))) {
		return true;
	}

	// Standard network error messages
	return errorMessages.has(message);
}

;// CONCATENATED MODULE: ./node_modules/p-retry/index.js


function validateRetries(retries) {
	if (typeof retries === 'number') {
		if (retries < 0) {
			throw new TypeError('Expected `retries` to be a non-negative number.');
		}

		if (Number.isNaN(retries)) {
			throw new TypeError('Expected `retries` to be a valid number or Infinity, got NaN.');
		}

		// Not `Number.isSafeInteger`, which would reject a huge `retries`. That is accepted on purpose and behaves as effectively forever.
		// eslint-disable-next-line unicorn/prefer-number-is-safe-integer
		if (Number.isFinite(retries) && !Number.isInteger(retries)) {
			throw new TypeError('Expected `retries` to be a non-negative integer or Infinity.');
		}
	} else if (retries !== undefined) {
		throw new TypeError('Expected `retries` to be a number or Infinity.');
	}
}

function validateNumberOption(name, value, {allowInfinity = false} = {}) {
	if (typeof value !== 'number' || Number.isNaN(value)) {
		throw new TypeError(`Expected \`${name}\` to be a number${allowInfinity ? ' or Infinity' : ''}.`);
	}

	if (!allowInfinity && !Number.isFinite(value)) {
		throw new TypeError(`Expected \`${name}\` to be a finite number.`);
	}

	if (value < 0) {
		throw new TypeError(`Expected \`${name}\` to be \u{2265} 0.`);
	}
}

function validateOption(name, value, type) {
	// `null` means "not provided", as it does for the other options. `unref` needs this because it is the one option with no default of its own.
	if (value === undefined || value === null) {
		return;
	}

	if (typeof value !== type) {
		throw new TypeError(`Expected \`${name}\` to be a ${type}.`);
	}
}

function validateSignal(value) {
	// `null` means "not provided", as it does for the other options.
	if (value === undefined || value === null) {
		return;
	}

	// Duck typed rather than `instanceof`, so a signal from another realm still works. All three methods are checked because `removeEventListener` is called from inside a timer callback, where a `TypeError` would be an uncaught exception rather than a rejection the caller could catch.
	if (typeof value.throwIfAborted !== 'function'
		|| typeof value.addEventListener !== 'function'
		|| typeof value.removeEventListener !== 'function') {
		throw new TypeError('Expected `signal` to be an AbortSignal.');
	}
}

class AbortError extends Error {
	constructor(message) {
		super(typeof message === 'string' ? message : undefined);

		this.name = 'AbortError';

		if (message instanceof Error) {
			this.originalError = message;
			({message} = message);
		} else {
			// Created here, so it already captures every caller frame. Copying `this.stack` instead would only rewrite the header, which is rendered lazily from `name` and `message` at read time. It also stringifies a non-string message, so reuse its result below.
			this.originalError = new Error(message);
			({message} = this.originalError);

			// The caller sees this error, so the frame for this constructor is dropped where the runtime supports it. Left in, the top frame blames p-retry for an error the caller threw. An error the caller passed keeps its own stack, which points at their throw site already. V8-only, hence the lint exception, and the optional call leaves the stack as it is where it is missing.
			// eslint-disable-next-line unicorn/no-nonstandard-builtin-properties
			Error.captureStackTrace?.(this.originalError, AbortError);
		}

		this.message = message;
	}
}

// `setTimeout` cannot represent a longer delay and fires it right away instead, which turns a long backoff into a tight retry loop. Cap at the largest value it can still hold.
const maximumDelay = (2 ** 31) - 1;

function calculateDelay(retriesConsumed, options) {
	// Nothing to wait for, and multiplying by a factor that has grown to `Infinity` would give `NaN`.
	if (options.minTimeout === 0) {
		return 0;
	}

	// `retriesConsumed` starts at 0 and only ever counts up, so the first retry is already attempt 1.
	const attempt = retriesConsumed + 1;
	const random = options.randomize ? (Math.random() + 1) : 1;

	const timeout = Math.round(random * options.minTimeout * (options.factor ** (attempt - 1)));

	// `maxTimeout` rounds up, so a fractional cap still gives a whole number of milliseconds. Rounding down would turn a cap below 1 into no timer at all, which never yields to the event loop. `Math.ceil(Infinity)` is `Infinity`.
	return Math.min(timeout, Math.ceil(options.maxTimeout), maximumDelay);
}

function calculateRemainingTime(start, max) {
	return Number.isFinite(max) ? max - (performance.now() - start) : max;
}

async function delayForRetry(delay, options) {
	if (delay <= 0) {
		return;
	}

	await new Promise((resolve, reject) => {
		// Registered with `once`, so it removes itself when it fires.
		const onAbort = () => {
			clearTimeout(timeoutToken);
			reject(options.signal.reason);
		};

		const timeoutToken = setTimeout(() => {
			options.signal?.removeEventListener('abort', onAbort);
			resolve();
		}, delay);

		if (options.unref) {
			timeoutToken.unref?.();
		}

		options.signal?.addEventListener('abort', onAbort, {once: true});
	});
}

// Stringifying a thrown value can itself throw, for an object with no usable `toString`. That must never be allowed to replace the failure the caller is actually dealing with.
//
// A thrown value whose own accessors or proxy traps throw is not supported, here or anywhere else. It comes from the caller's own code, so it is not something to defend against.
function stringifyThrownValue(value) {
	try {
		return String(value);
	} catch {
		return Object.prototype.toString.call(value);
	}
}

// `AbortError` wraps the error the caller actually wants, and the wrappers can be nested, so keep unwrapping until the cause is reached. Otherwise an `AbortError` would escape `pRetry` and a `catch` doing `error instanceof AbortError` would read a real failure as a cancellation.
//
// Two wrappers whose `originalError` points at each other are not supported, like the thrown values above.
function unwrapAbortError(error) {
	let cause = error;

	// A wrapper with no error to unwrap to is the cause as far as it goes.
	while (cause instanceof AbortError && cause.originalError instanceof Error) {
		cause = cause.originalError;
	}

	return cause;
}

async function onAttemptFailure({error, attemptNumber, retriesConsumed, startTime, options}) {
	// The signal is checked after the operation and after every callback, so a cancellation is never reported as an operation failure or a callback's decision, and no callback runs after it. The last check also guards the delay, whose abort listener never fires on a signal that is already aborted.
	const abortIfNeeded = () => {
		options.signal?.throwIfAborted();
	};

	const normalizedError = error instanceof Error
		? error
		: new TypeError(`Non-error was thrown: "${stringifyThrownValue(error)}". You should only throw errors.`);

	// Checked before unwrapping an `AbortError`, because the reason a caller aborted with is final. Unwrapping it would replace the reason they chose with whatever is inside it, and it would also let an `AbortError` from the operation outrank a cancellation the caller asked for.
	abortIfNeeded();

	if (normalizedError instanceof AbortError) {
		throw unwrapAbortError(normalizedError);
	}

	// `retriesConsumed` only ever advances while `retriesLeft` is above 0, so this is never negative. `Infinity` minus a finite count is `Infinity`, so an unlimited budget needs no special case.
	const retriesLeft = options.retries - retriesConsumed;

	// A `TypeError` normally means the operation itself is broken rather than the thing it was trying to reach, so retrying it does not help. A network `TypeError` is the exception, and its message differs per runtime, so it has to be recognised rather than assumed.
	const isRetriableError = !(normalizedError instanceof TypeError) || isNetworkError(normalizedError);

	// Out of time already, out of retries, or a failure that is never retried, so the delay is 0 and the callbacks are told that no retry follows. Only computed when a retry can still follow, so a randomized delay does not draw from `Math.random` for a wait that is never taken.
	const timeLeft = calculateRemainingTime(startTime, options.maxRetryTime);
	const delayTime = isRetriableError && timeLeft > 0 && retriesLeft > 0 ? calculateDelay(retriesConsumed, options) : 0;

	const consumeRetryContext = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
		retryDelay: delayTime,
	});

	// No answer means no opinion, so fall back to the default. Treating it as `false` instead would leave `retries` uncounted and let the loop run forever.
	const consumeRetry = (await options.shouldConsumeRetry(consumeRetryContext)) ?? true;

	abortIfNeeded();

	const effectiveDelay = consumeRetry ? delayTime : 0;
	const context = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
		retryDelay: effectiveDelay,
	});

	await options.onFailedAttempt(context);

	abortIfNeeded();

	const remainingTime = calculateRemainingTime(startTime, options.maxRetryTime);

	// No time or budget left, or a failure that retrying cannot help with.
	if (
		!isRetriableError
		|| remainingTime <= 0
		|| retriesLeft <= 0
	) {
		throw normalizedError;
	}

	const shouldRetry = await options.shouldRetry(context);

	abortIfNeeded();

	if (!shouldRetry) {
		throw normalizedError;
	}

	const remainingTimeAfterShouldRetry = calculateRemainingTime(startTime, options.maxRetryTime);

	if (remainingTimeAfterShouldRetry <= 0) {
		throw normalizedError;
	}

	if (!consumeRetry) {
		return false;
	}

	await delayForRetry(Math.min(effectiveDelay, remainingTimeAfterShouldRetry), options);

	return true;
}

async function pRetry(input, options = {}) {
	options = {...options};

	// Applied before validating, so that `null` means "not provided" here as it does for every other option.
	options.retries ??= 10;

	validateRetries(options.retries);

	if (Object.hasOwn(options, 'forever')) {
		throw new Error('The `forever` option is no longer supported. For many use-cases, you can set `retries: Infinity` instead.');
	}

	options.factor ??= 2;
	options.minTimeout ??= 1000;
	options.maxTimeout ??= Infinity;
	options.maxRetryTime ??= Infinity;
	options.randomize ??= false;
	options.onFailedAttempt ??= () => {};
	options.shouldRetry ??= () => true;
	options.shouldConsumeRetry ??= () => true;

	// Validate the options that have a runtime type to check.
	validateOption('onFailedAttempt', options.onFailedAttempt, 'function');
	validateOption('shouldRetry', options.shouldRetry, 'function');
	validateOption('shouldConsumeRetry', options.shouldConsumeRetry, 'function');
	validateOption('randomize', options.randomize, 'boolean');
	validateOption('unref', options.unref, 'boolean');
	validateSignal(options.signal);
	validateNumberOption('factor', options.factor);
	validateNumberOption('minTimeout', options.minTimeout);
	validateNumberOption('maxTimeout', options.maxTimeout, {allowInfinity: true});
	validateNumberOption('maxRetryTime', options.maxRetryTime, {allowInfinity: true});

	// A negative factor is rejected above, so this only catches `0`. Treat it as `1` to keep the delay constant instead of dropping to zero after the first retry.
	if (options.factor === 0) {
		options.factor = 1;
	}

	options.signal?.throwIfAborted();

	let attemptNumber = 0;
	let retriesConsumed = 0;
	const startTime = performance.now();

	// A consumed count is always finite, so `Infinity` keeps this true and needs no special case.
	while (retriesConsumed <= options.retries) {
		attemptNumber++;

		try {
			options.signal?.throwIfAborted();

			const result = await input(attemptNumber);

			options.signal?.throwIfAborted();

			return result;
		} catch (error) {
			if (await onAttemptFailure({
				error,
				attemptNumber,
				retriesConsumed,
				startTime,
				options,
			})) {
				retriesConsumed++;
			}
		}
	}

	// Unreachable: `onAttemptFailure` throws once `retriesLeft` reaches 0, which is the same state the loop condition tests, so the loop is always left by a throw. Kept as a guard against a future change to either side breaking that pairing.
	throw new Error('Retry attempts exhausted without throwing an error.');
}

function makeRetriable(function_, options) {
	return function (...arguments_) {
		return pRetry(() => function_.apply(this, arguments_), options);
	};
}

;// CONCATENATED MODULE: ./lib/core/connection/wait.js
// Waits for a server to accept connections and explains why it does not:
// retries only what waiting can fix (refused, unknown host, starting up) and
// names the cause of everything else at once.




const PATTERNS = [
    [
        'service',
        /definition of service ".*" not found|service file ".*" not found/
    ],
    [
        'tls',
        /no encryption|SSL was required|server does not support SSL|SSL connection is required|SSL off/i
    ],
    [
        'authentication',
        /authentication failed|no password supplied|role ".*" does not exist|password authentication|Peer authentication|pg_hba\.conf rejects/
    ],
    ['database', /database ".*" does not exist/],
    [
        'starting',
        /the database system is (starting up|shutting down|in recovery mode)|not yet accepting connections/
    ],
    [
        'unreachable',
        /Connection refused|could not translate host name|Name or service not known|Temporary failure in name resolution|No such file or directory|timeout expired|Network is unreachable|No route to host|server closed the connection unexpectedly/
    ]
];
/** Problems that may go away by waiting: the server is not up yet. */
const TRANSIENT = new Set([
    'unreachable',
    'starting'
]);
/** Classifies psql's connection error. */
function classifyConnectionError(stderr) {
    return PATTERNS.find(([, re]) => re.test(stderr))?.[0] ?? 'other';
}
/** Where libpq said it tried to connect, e.g. `127.0.0.1:5432`. */
function endpointOf(stderr, fallback) {
    const at = /connection to server at "([^"]+)"(?: \([^)]*\))?, port (\d+)/.exec(stderr);
    if (at)
        return `${at[1]}:${at[2]}`;
    const socket = /connection to server on socket "([^"]+)"/.exec(stderr);
    if (socket)
        return socket[1];
    const host = /could not translate host name "([^"]+)"/.exec(stderr);
    return host ? host[1] : fallback;
}
/** One sentence on what went wrong and what to do. */
function explainConnectionProblem(problem, endpoint) {
    switch (problem) {
        case 'unreachable':
            return `the server at ${endpoint} is not accepting connections (connection refused, or the host is unknown). Check the host and port, and that the server or service container is running.`;
        case 'starting':
            return `the server at ${endpoint} is still starting up or shutting down.`;
        case 'authentication':
            return `the server at ${endpoint} refused the credentials. Check the user and password in the connection (or service file).`;
        case 'database':
            return `the database does not exist on the server at ${endpoint}. Create it first, or check the database name.`;
        case 'tls':
            return `the server at ${endpoint} and the connection disagree about TLS: if the server requires it, add sslmode=require to the connection; if the connection requires it, the server does not offer it.`;
        case 'service':
            return `the service is not defined in the service file. Check the service name and the service file (PGSERVICEFILE, or ~/.pg_service.conf).`;
        default:
            return `the connection to ${endpoint} failed.`;
    }
}
/** A failed attempt, thrown for p-retry to retry (or not). */
class NotAccepting extends Error {
    name = 'NotAccepting';
    result;
    problem;
    constructor(result, problem) {
        super(`the server does not accept connections: ${problem}`);
        this.result = result;
        this.problem = problem;
    }
}
/**
 * Runs `attempt` every `pollMs` until it succeeds, a non-transient problem
 * appears, or `timeoutMs` has passed (0: one attempt; the last attempt is
 * made at the deadline). Logs each retry at debug, and once when it starts
 * waiting and about every 10 s after. An error `attempt` throws is thrown.
 */
async function waitForServer(attempt, options) {
    const { timeoutMs, logger, describe } = options;
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    let attempts = 0;
    let lastLog = -Infinity;
    try {
        const result = await pRetry(async () => {
            attempts++;
            const result = await attempt();
            if (result.exitCode === 0)
                return result;
            const problem = classifyConnectionError(result.stderr);
            const failed = new NotAccepting(result, problem);
            throw TRANSIENT.has(problem) ? failed : new AbortError(failed);
        }, {
            retries: Infinity,
            factor: 1,
            minTimeout: options.pollMs ?? 500,
            maxRetryTime: timeoutMs,
            shouldRetry: ({ error }) => error instanceof NotAccepting,
            onFailedAttempt: ({ error, attemptNumber, retryDelay }) => {
                // retryDelay 0: out of time, no retry follows
                if (!(error instanceof NotAccepting) || retryDelay === 0)
                    return;
                const why = error.problem === 'starting' ? 'starting up' : 'not reachable yet';
                logger.debug(`Connecting to ${describe}: attempt ${attemptNumber} failed (${why}), next in ${retryDelay} ms`);
                const waitedMs = performance.now() - started;
                if (waitedMs - lastLog < 10_000)
                    return;
                lastLog = waitedMs;
                logger.info(`Waiting up to ${Math.round(timeoutMs / 1000)} s for ${describe} to accept connections (${why})…`);
            }
        });
        if (attempts > 1)
            logger.info(`${describe} accepts connections after ${seconds()} s`);
        return { ok: true, result, attempts };
    }
    catch (error) {
        if (!(error instanceof NotAccepting))
            throw error;
        const { result, problem } = error;
        const waitedMs = performance.now() - started;
        return { ok: false, result, problem, attempts, waitedMs };
    }
}
/** The error of a connection check that failed (see waitForServer), naming `target` and what went wrong. */
function connectionFailed(target, outcome, fallback) {
    const { result, problem, waitedMs } = outcome;
    const endpoint = endpointOf(result.stderr, fallback);
    const waited = waitedMs >= 1000 ? ` (waited ${formatDuration(waitedMs)})` : '';
    return new ToolError('failed', `Could not connect to ${target}${waited}: ${explainConnectionProblem(problem, endpoint)}\n` +
        (result.stderr || `psql exited with code ${result.exitCode}`), { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr });
}
/**
 * A connection check's result (`SHOW server_version`, then a question if
 * `asked`): connected, the version printed, but the question failed counts
 * as connected, with the version alone; the asker asks again and sees why.
 */
function versionDespiteQuestion(result, asked) {
    const [first] = result.stdout.split('\n', 1);
    if (result.exitCode === 0 || !asked || !(0,core_versions/* parseVersion */.ot)(first))
        return result;
    return { ...result, exitCode: 0, stdout: `${first}\n` };
}

;// CONCATENATED MODULE: ./lib/core/tool-results.js
// How the session judges a tool run: a tool that could not start, and a
// housekeeping psql that failed, as ToolErrors.


/** A command ToolError for a tool that could not run; other errors as they are. */
function cannotRun(tool, error) {
    if (!(error instanceof process_runner/* ToolNotRunnable */.zB))
        return error;
    const missing = error.tool ?? tool;
    return new ToolError('command', `Cannot run ${missing}: ${error.message}`, {
        tool: missing
    });
}
/** The result of a psql housekeeping run, or a failed ToolError. */
function tool_results_checked(result, what) {
    if (result.exitCode === 0)
        return result;
    throw new ToolError('failed', `Could not ${what}: ${(0,process_runner/* failureMessage */.oh)('psql', result)}`, { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr });
}

;// CONCATENATED MODULE: ./lib/core/session.js
// Runs the PostgreSQL tools for one Dumper: the connection's environment and
// secrets, the client chosen per job, cancellation, and the connection check
// that waits for the server and names what went wrong. Failures are
// ToolErrors; the operation that called decides their public name.











/** Where DROP and CREATE DATABASE run: every server has it. */
const MAINTENANCE_DB = 'postgres';
/** Runs tools against one connection. */
class Session {
    connection;
    logger;
    cancellation;
    wording;
    waitTimeoutMs;
    clients;
    env = {};
    secrets;
    serviceFile;
    options;
    #secretsDir;
    /** the major of the server, once asked */
    serverMajor;
    /** `clients`: a resolver to share with the session this one derives from. */
    constructor(options, clients) {
        this.options = options;
        this.connection = options.connection;
        this.logger = options.logger;
        this.cancellation = options.cancellation;
        this.wording = options.wording;
        this.waitTimeoutMs = options.waitTimeoutMs;
        const { password } = this.connection;
        if (password !== undefined)
            this.env.PGPASSWORD = password;
        if (options.serviceFile)
            this.env.PGSERVICEFILE = options.serviceFile;
        this.secrets = [
            ...(password ? [password] : []),
            ...Object.values(this.connection.secrets ?? {}).filter(Boolean)
        ];
        this.serviceFile = options.serviceFile;
        this.clients =
            clients ?? new ClientResolver(options.clients, this.logger, this.wording);
    }
    /** A session for another database of the same server (see forConnection). */
    forDatabase(dbname) {
        return this.forConnection(this.connection.withDbname(dbname));
    }
    /** A session for another connection: the same environment, cancellation and client search (found once). Close it when done. */
    forConnection(connection) {
        return new Session({ ...this.options, connection }, this.clients);
    }
    /**
     * Writes the connection's secrets other than the password (sslpassword,
     * oauth_client_secret…) to a private service file (the tools' only way
     * to get them off the command line), with the user's service merged in,
     * once; a no-op when there are none.
     */
    secretsFile() {
        const { secrets, service } = this.connection;
        if (!secrets)
            return Promise.resolve(undefined);
        this.#secretsDir ??= (async () => {
            const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'pg-dumper-secrets-'));
            this.cancellation.track(dir);
            this.env.PGSERVICEFILE = await writeSecretsFile(dir, secrets, service, this.serviceFile);
            return dir;
        })();
        return this.#secretsDir.then(() => this.env.PGSERVICEFILE);
    }
    /** Removes what the session wrote for the tools (the private service file). */
    async close() {
        const pending = this.#secretsDir;
        if (!pending)
            return;
        this.#secretsDir = undefined;
        if (this.serviceFile)
            this.env.PGSERVICEFILE = this.serviceFile;
        else
            delete this.env.PGSERVICEFILE;
        const dir = await pending.catch(() => undefined);
        if (dir === undefined)
            return;
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        this.cancellation.untrack(dir);
    }
    /** A name for the target in messages: database, service or host. */
    get target() {
        return this.connection.target;
    }
    /** A psql for questions and housekeeping: any will do. */
    async probe() {
        try {
            return { binDir: await this.clients.probeClient(), reason: 'probe' };
        }
        catch (error) {
            throw cannotRun('psql', error);
        }
    }
    /** Picks the client for a job and says which and why. */
    async client(need) {
        let client;
        try {
            client = await this.clients.resolve(need);
        }
        catch (error) {
            throw cannotRun(need.tool, error);
        }
        this.logger.info(`Using ${need.tool} ${client.version?.text ?? ''} from ${client.binDir ?? 'PATH'}: ${client.reason}`);
        return client;
    }
    /**
     * Asks the server its version (in `connection`, by default the session's),
     * waiting up to waitTimeoutMs for it to accept connections (proving the
     * connection before anything is written); failures carry psql's message.
     */
    async serverVersion(connection = this.connection) {
        return (await this.connect(connection)).version;
    }
    /**
     * {@link serverVersion}, asking `question` (what the caller needs next) in
     * the same psql; `answer`: its output, undefined when it failed.
     */
    async connect(connection = this.connection, question) {
        const probe = await this.probe();
        const args = serverVersionArgs(connection.conninfo, question);
        const fallback = this.connection.endpoint;
        const attempt = async () => versionDespiteQuestion(await this.run(probe, 'psql', args, true), question !== undefined);
        const waiting = waitForServer(attempt, {
            timeoutMs: this.waitTimeoutMs,
            logger: this.logger,
            describe: fallback
        });
        this.clients.versionAhead(); // meanwhile, once psql is started
        const outcome = await waiting;
        if (!outcome.ok)
            throw connectionFailed(this.target, outcome, fallback);
        const [printed, ...rest] = outcome.result.stdout.trim().split('\n');
        const version = (0,core_versions/* serverVersionOf */.FD)(printed);
        this.logger.info(`Server version ${version.text}`);
        this.serverMajor = version.major;
        return { version, ...(rest.length > 0 && { answer: rest.join('\n') }) };
    }
    /** The name of the database the connection reaches (asked when it names none). */
    async databaseName() {
        return (this.connection.dbname ??
            this.query('SELECT current_database()', 'ask the name of the target database', this.connection));
    }
    /** The session's connection to the maintenance database. */
    get maintenance() {
        return this.connection.withDbname(MAINTENANCE_DB);
    }
    /** Runs SQL commands, each on its own, in the maintenance database. */
    async sql(commands, what) {
        const args = psqlCommandArgs(this.maintenance.conninfo, commands);
        tool_results_checked(await this.run(await this.probe(), 'psql', args), what);
    }
    /** One query's unaligned result, from the maintenance database (or `connection`); `quiet` logs the command at debug level. */
    async query(sql, what, connection = this.maintenance, quiet = false) {
        const args = psqlQueryArgs(connection.conninfo, sql);
        const result = await this.run(await this.probe(), 'psql', args, quiet);
        return tool_results_checked(result, what).stdout.trim();
    }
    /** Runs a tool: ToolErrors for "could not run" and rejected arguments, OperationCancelled once cancelled; `quiet` may be a whole RunHow. */
    async run(client, tool, args, quiet = false, onErrLine) {
        const how = typeof quiet === 'boolean' ? { quiet, onErrLine } : quiet;
        return this.#run(client, tool, args, how);
    }
    /**
     * Runs SQL commands in the maintenance database, also once the run was
     * cancelled: the clean-up that must happen then (dropping a throwaway
     * database). Resolves to psql's result; the caller judges it.
     */
    async cleanupSql(commands) {
        const args = psqlCommandArgs(this.maintenance.conninfo, commands);
        return this.#run(await this.probe(), 'psql', args, { always: true });
    }
    async #run(client, tool, args, o) {
        let result;
        try {
            if (!o.always)
                this.cancellation.throwIfCancelled();
            await this.secretsFile(); // may add PGSERVICEFILE to the environment
            const runner = new process_runner/* ToolRunner */.tw({
                ...o,
                binDir: client.binDir,
                env: { ...this.env, ...o.env },
                secrets: this.secrets,
                logger: this.logger
            });
            result = await runner.run(tool, args);
            if (!o.always)
                this.cancellation.throwIfCancelled(`${tool} was stopped and temporary files were removed`);
        }
        catch (error) {
            throw cannotRun(tool, error);
        }
        if (result.exitCode !== 0 && (0,process_runner/* isUsageError */.mD)(result.stderr)) {
            throw new ToolError('command', `${tool} rejected its arguments: ${result.stderr}`, { tool, exitCode: result.exitCode, stderr: result.stderr });
        }
        return result;
    }
}

;// CONCATENATED MODULE: ./lib/core/wording.js
// The core states facts; a front end says them in its own words. Messages
// that point the user to an option name it through a Wording, so the action
// says `pg-bin-dir` and the CLI `--pg-bin-dir`.
/** Words a front end built from a table of option names and a way to set one. */
function wordingOf(names, set) {
    return {
        name: option => names[option],
        set: (option, value) => set(names[option], value)
    };
}
/** The core's own names (the Dumper's option fields), for library use. */
const coreWording = wordingOf({
    allowMetaCommands: 'allowMetaCommands',
    clean: 'clean',
    compression: 'compression',
    createDatabase: 'createDatabase',
    databases: 'databases',
    dbname: 'dbname',
    decryptKey: 'decryptKey',
    excludeSchemas: 'excludeSchemas',
    globals: 'globals',
    ignoreErrors: 'ignoreErrors',
    installClient: 'installClient',
    pgBinDir: 'pgBinDir',
    pgVersion: 'pgVersion',
    rolePasswords: 'rolePasswords',
    schemas: 'schemas',
    scrub: 'scrub',
    singleTransaction: 'singleTransaction',
    verify: 'verify',
    verifyConnection: 'verifyConnection'
}, (name, value) => `${name}: ${value}`);

;// CONCATENATED MODULE: ./lib/core/dumper.js
// The Dumper: dumps and restores PostgreSQL databases with pg_dump,
// pg_restore and psql, choosing a client that matches the server or the
// dump. Knows nothing of GitHub; both front ends drive it. It only
// orchestrates: a dump or restore of one database goes to dump/ or
// restore/, one with its globals or of several databases to cluster/.

















/** Dumps and restores the database one connection names. */
class Dumper {
    session;
    logger;
    /** Parses the connection; throws ConnectionStringError on a malformed one. */
    constructor(options) {
        this.logger = options.logger ?? silentLogger;
        this.session = new Session({
            connection: Connection.parse(options.connection, options.dbname),
            serviceFile: options.serviceFile && (0,external_node_path_.resolve)(options.serviceFile),
            clients: {
                binDir: options.pgBinDir,
                major: options.pgVersion,
                install: options.installClient ?? 'never',
                search: options.clientSearch
            },
            waitTimeoutMs: options.waitTimeoutMs ?? 0,
            cancellation: options.cancellation ?? new Cancellation(),
            logger: this.logger,
            wording: options.wording ?? coreWording
        });
    }
    /** The parsed connection (no password in its conninfo). */
    get connection() {
        return this.session.connection;
    }
    /** A name for the target in messages: database, service or host. */
    get target() {
        return this.session.target;
    }
    /**
     * Dumps to a temporary file beside the target and renames it only once
     * verified: one database, with its globals, or several; holding the lock
     * of each path it writes, so that a second dump to one of them fails
     * instead of replacing it under the first one's outputs.
     */
    dump(options) {
        const file = (0,external_node_path_.resolve)(options.file);
        const databases = options.databases ?? [];
        const from = databases.length ? databases.join(', ') : this.target;
        const session = this.session;
        const formats = options.formats ?? [];
        const encrypted = (options.encryptTo ?? []).length > 0;
        return this.operation('dump', `Dumping ${from} to ${file}`, async () => {
            if (options.verify === 'restore')
                await checkDrillable(session, options);
            if (databases.length > 0 || formats.length > 1) {
                const outputs = severalOutputs(options.file, databases.length ? databases : [await session.databaseName()], formats.length ? formats : [options.format ?? 'custom'], encrypted);
                const targets = severalTargets(outputs, !!options.globals, encrypted);
                return withTargetLocks(session, targets, () => dumpDatabases(session, options, outputs));
            }
            const one = await expandOne(session, options);
            return withTargetLocks(session, dumpTargets(one), () => one.globals ? dumpWithGlobals(session, one) : dump(session, one));
        });
    }
    /**
     * Dumps one database (custom or plain, encrypted or scrubbed when asked)
     * into `into`, a store's stream, read back and hashed as it passes; no
     * file is written (`file` names the dump). `into` is ended only once the
     * dump is verified; after a failure it is left for the store to discard.
     */
    dumpStream(options, into) {
        const session = this.session;
        return this.operation('dump', `Dumping ${this.target} into its store as pg_dump writes it`, async () => dumpStreamed(session, await expandOne(session, options), into));
    }
    /**
     * Restores an archive with pg_restore or a plain script with psql: one
     * dump, with its globals first, or a dump of several databases, each
     * into its namesake.
     */
    restore(options) {
        const file = (0,external_node_path_.resolve)(options.file);
        const databases = options.databases ?? [];
        const into = databases.length
            ? databases.join(', ')
            : holdsSeveral(file)
                ? 'the databases it holds'
                : this.target;
        const session = this.session;
        return this.operation('restore', `Restoring ${file} into ${into}`, async () => {
            const layout = await readRestoreLayout(session, options);
            if (layout.kind === 'databases')
                return restoreDatabases(session, options, layout);
            if (involvesGlobals(layout, options))
                return restoreWithGlobals(session, options, layout);
            // checked first, as with globals: a wrong key says 'Nothing was restored.'
            // (restore() alone says 'Nothing of it…', as one of several)
            await checkKeyOpens(session, [file], options.decryptKey);
            return restore(session, options);
        });
    }
    /**
     * Restores one dump as it streams from its store (`options.file` names
     * it): a custom archive read once by pg_restore, or a plain script by
     * psql, checked as it passes; hashed as it passes.
     * What a stream cannot restore (an age file, tar, a plain script into
     * several or created databases or a target whose extensions' tables the
     * user may not write) is refused before anything runs, saying why; the
     * stream is then spent.
     */
    restoreStream(options, stream) {
        const session = this.session;
        return this.operation('restore', `Restoring ${options.file} into ${this.target} as it streams from its store`, async () => {
            // a script psql reads as it streams: into the session's own
            // database, whose extensions are asked ahead
            const plain = !options.databases?.length && !options.createDatabase;
            const opened = await openStream(session, options.file, stream, plain);
            if ('refused' in opened)
                return opened;
            return restore(session, options, opened).catch((error) => {
                if (error instanceof StreamRefused)
                    return { refused: error.message };
                throw error;
            });
        });
    }
    /** Runs an operation in its log group; its failures get the operation's error types. */
    async operation(operation, title, run) {
        try {
            return await this.logger.group(title, run);
        }
        catch (error) {
            throw operationError(operation, systemToolError(error));
        }
        finally {
            await this.session.close();
        }
    }
}
/** The paths a dump of one database takes the place of: the dump, a kept plaintext, the globals. */
function dumpTargets(options) {
    const file = (0,external_node_path_.resolve)(options.file);
    const encrypted = (options.encryptTo ?? []).length > 0;
    return [
        file,
        ...(encrypted && options.plainFile ? [(0,external_node_path_.resolve)(options.plainFile)] : []),
        ...(options.globals
            ? [(0,external_node_path_.join)((0,external_node_path_.dirname)(file), encrypted ? GLOBALS_AGE_FILE : GLOBALS_FILE)]
            : [])
    ];
}

;// CONCATENATED MODULE: ./lib/cli/options.js
// Parsing of the CLI's flag values, each failing with a message that names
// the flag and what it accepts; the dump format a file name implies; and the
// global flags as the core's connection options.



/** A parser for a whole number within [min, max]. */
function wholeNumber(flag, [min, max]) {
    return value => {
        if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
            throw new InvalidArgumentError(`${flag} takes a whole number from ${min} to ${max}.`);
        }
        return Number(value);
    };
}
/** A dump format, in any case: `custom`, `Plain`, `TAR`. */
function formatValue(value) {
    const format = value.trim().toLowerCase();
    if (DUMP_FORMATS.includes(format))
        return format;
    throw new InvalidArgumentError(`Expected one of: ${DUMP_FORMATS.join(', ')}.`);
}
/** pg_dump's compression, as `-Z` takes it. */
function compressionValue(value) {
    try {
        return parseCompression(value);
    }
    catch {
        throw new InvalidArgumentError(`Expected ${COMPRESSION_FORMS}.`);
    }
}
/** Appends a repeated flag's value. */
const collect = (value, previous) => [
    ...previous,
    value
];
/** Splits a comma-separated list, dropping blanks. */
const commaList = (value) => value
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
/**
 * The format a dump file's name implies, as pg_dump users name them:
 * `.sql` plain, `.tar` tar, a name ending in `/` or an existing folder
 * directory, anything else custom.
 */
function formatOfName(file) {
    if (/[\\/]$/.test(file))
        return 'directory';
    if ((0,external_node_fs_.statSync)(file, { throwIfNoEntry: false })?.isDirectory())
        return 'directory';
    const lower = file.toLowerCase();
    if (lower.endsWith('.sql'))
        return 'plain';
    if (lower.endsWith('.tar'))
        return 'tar';
    return 'custom';
}
/** A usage error: one line, then where to read more. */
class UsageError extends Error {
}
/** The global flags as the Dumper's connection options. */
function connectionOptions(o) {
    if (o.pgConnection !== undefined && o.service !== undefined) {
        throw new UsageError('-p/--pg-connection and -s/--service name the same thing: give one.');
    }
    const connection = o.pgConnection ?? o.service;
    if (connection === undefined) {
        throw new UsageError('the connection is missing: give -p/--pg-connection (or -s/--service) with a service name or a connection string.');
    }
    return {
        connection,
        dbname: o.dbname,
        serviceFile: o.serviceFile,
        pgBinDir: o.pgBinDir,
        pgVersion: o.pgVersion,
        installClient: o.installClient,
        waitTimeoutMs: o.wait * 1000
    };
}

;// CONCATENATED MODULE: ./lib/cli/report.js
// What the CLI prints on stdout after a run: `key: value` lines, one fact
// each, named like the action's outputs.

function print(lines) {
    for (const [key, value] of Object.entries(lines)) {
        process.stdout.write(`${key}: ${value}\n`);
    }
}
/** Prints what a dump wrote. */
function printDump(result) {
    print({
        file: result.file,
        size: `${result.size} (${formatBytes(result.size)})`,
        sha256: result.sha256,
        'server-version': result.serverVersion,
        'client-version': result.clientVersion,
        ...(result.globals && { 'globals-file': result.globals.file }),
        ...(result.verified && {
            'verified-tables': result.verified.tables,
            'verified-rows': result.verified.rows
        })
    });
}
/** Prints what a restore did. */
function printRestore(result) {
    print({
        file: result.file,
        format: result.format,
        'server-version': result.serverVersion,
        'client-version': result.clientVersion,
        databases: result.databases.join(','),
        'ignored-errors': result.ignoredErrors
    });
}

;// CONCATENATED MODULE: ./lib/cli/stderr-logger.js
/** Writes progress lines to stderr; debug lines only when verbose. */
function stderrLogger(verbose) {
    const write = (line) => process.stderr.write(`${line}\n`);
    return {
        info: write,
        warning: message => write(`warning: ${message}`),
        debug: message => {
            if (verbose)
                write(message);
        },
        group: async (name, fn) => {
            write(`== ${name}`);
            return fn();
        }
    };
}

;// CONCATENATED MODULE: ./lib/cli/wording.js
// The core's messages in the CLI's words: options named as flags.

/** Options named as flags: `--pg-bin-dir`, `--install-client auto`. */
const cliWording = wordingOf({
    allowMetaCommands: '--allow-meta-commands',
    clean: '--clean',
    compression: '--compress',
    createDatabase: '--create-database',
    databases: '--databases',
    dbname: '--dbname',
    decryptKey: '--decrypt-key-file',
    excludeSchemas: '-N/--exclude-schema',
    globals: '--globals',
    ignoreErrors: '-x',
    installClient: '--install-client',
    pgBinDir: '--pg-bin-dir',
    pgVersion: '--pg-version',
    rolePasswords: '--role-passwords',
    schemas: '-n/--schema',
    scrub: '--scrub',
    singleTransaction: '--single-transaction',
    verify: '--verify',
    verifyConnection: '--verify-connection'
}, (name, value) => `${name} ${value}`);

;// CONCATENATED MODULE: ./lib/cli/commands.js
// The CLI's two commands, dump and restore: their flags, and the core
// options those flags make.






function dumperFor(command, cancellation) {
    const o = command.optsWithGlobals();
    const logger = stderrLogger(o.verbose ?? false);
    const dumper = new Dumper({
        ...connectionOptions(o),
        cancellation,
        logger,
        wording: cliWording
    });
    return { dumper, logger };
}
function excludeSchemaOption() {
    return new option_Option('-N, --exclude-schema <schema>', 'leave this schema out (repeatable)')
        .argParser(collect)
        .default([]);
}
function jobsOption(what) {
    return new option_Option('-j, --jobs <n>', `parallel ${what} jobs (${LIMITS.jobs.join('–')})`)
        .argParser(wholeNumber('-j/--jobs', LIMITS.jobs))
        .default(1);
}
/** `pg-dumper dump FILE`: its flags, and the dump they ask for. */
function addDumpCommand(program, cancellation) {
    program
        .command('dump')
        .description('dump the database to FILE')
        .argument('<file>', 'where to write the dump')
        .addOption(new option_Option('-f, --format <format>', 'custom (compressed archive), plain (SQL), directory or tar, in any case; default: from the file name (.sql plain, .tar tar, a folder directory, else custom)').argParser(formatValue))
        .addOption(excludeSchemaOption())
        .addOption(new option_Option('-n, --schema <pattern>', 'dump only this schema (repeatable)')
        .argParser(collect)
        .default([]))
        .addOption(new option_Option('--exclude-table-data <pattern>', "leave this table's rows out (repeatable)")
        .argParser(collect)
        .default([]))
        .addOption(jobsOption('pg_dump (directory format)'))
        .option('-Z, --compress <method>', 'gzip[:1-9], lz4[:1-12], zstd[:1-22], none, or a gzip level 0-9', compressionValue)
        .option('--scrub <sql-file>', 'run this SQL in a throwaway copy of the database and dump the copy (dropped afterwards)')
        .option('--allow-meta-commands', 'let the scrub script run psql meta-commands (not \\connect): only for a script you trust', false)
        .addOption(new option_Option('--verify <how>', "archive: read the dump back; restore: also restore it into a scratch database and compare every table's rows")
        .choices(['archive', 'restore'])
        .default('archive'))
        .option('--verify-connection <connection>', 'with --verify restore: the server the drill restores on (default: the dumped one)')
        .option('--globals', 'also dump roles and tablespaces (globals.sql)', false)
        .option('--role-passwords', 'with --globals: password hashes too', false)
        .option('--owner', 'keep who owns each object (no --no-owner; a plain script sets them)', false)
        .option('--privileges', 'keep the GRANTs (no --no-privileges)', false)
        .action(async (file, o, command) => {
        const { dumper, logger } = dumperFor(command, cancellation);
        const format = o.format ?? formatOfName(file);
        if (o.format === undefined) {
            logger.info(`Format ${format}, from the file name ${file} (-f chooses another)`);
        }
        const options = {
            file,
            format,
            excludeSchemas: o.excludeSchema,
            schemas: o.schema,
            excludeTableData: o.excludeTableData,
            jobs: o.jobs,
            compression: o.compress,
            scrub: o.scrub === undefined ? undefined : { file: o.scrub },
            allowMetaCommands: o.allowMetaCommands,
            verify: o.verify,
            verifyConnection: o.verifyConnection,
            globals: o.globals,
            rolePasswords: o.rolePasswords,
            owner: o.owner,
            privileges: o.privileges
        };
        printDump(await dumper.dump(options));
    });
}
/** `pg-dumper restore FILE`: its flags, and the restore they ask for. */
function addRestoreCommand(program, cancellation) {
    program
        .command('restore')
        .description('restore FILE (custom, directory or tar archive, or plain SQL: recognised) into the database')
        .argument('<file>', 'the dump to restore')
        .option('-x, --ignore-errors', 'succeed even if the restore reports errors', false)
        .addOption(excludeSchemaOption())
        .addOption(jobsOption('pg_restore (custom and directory archives)'))
        .option('--single-transaction', 'all or nothing: a failed restore leaves the target as it was', false)
        .option('--clean', 'drop the dumped objects first (archives only)', false)
        .option('--create-database', 'create the target database when missing', false)
        .option('--allow-meta-commands', 'let a plain script run psql meta-commands beyond pg_dump’s own (they act on this machine: only for a script you trust)', false)
        .option('--globals', 'require globals.sql beside FILE, applied first')
        .option('--no-globals', 'leave a globals.sql beside FILE alone')
        .option('--databases <names>', 'restore into each of these databases (comma-separated), (re)created: once, then copied', commaList)
        .option('--owner', 'set the owners an archive records (no --no-owner); a plain script runs as written', false)
        .action(async (file, o, command) => {
        const options = {
            file,
            ignoreErrors: o.ignoreErrors,
            excludeSchemas: o.excludeSchema,
            jobs: o.jobs,
            databases: o.databases,
            singleTransaction: o.singleTransaction,
            clean: o.clean,
            createDatabase: o.createDatabase,
            allowMetaCommands: o.allowMetaCommands,
            globals: o.globals,
            owner: o.owner
        };
        printRestore(await dumperFor(command, cancellation).dumper.restore(options));
    });
}

;// CONCATENATED MODULE: ./lib/cli/version.js
// The version --version prints; a unit test keeps it equal to package.json's.
const VERSION = '1.0.0';

;// CONCATENATED MODULE: ./lib/cli/program.js
// The pg-dumper command line, mirroring PUM's:
//   pg-dumper -p SERVICE dump FILE [-f plain] [-N SCHEMA]…
//   pg-dumper -p SERVICE restore FILE [-x] [-N SCHEMA]…
// (-s/--service is PUM's older spelling of -p/--pg-connection; both work.)





/** Exit codes: success, a failed dump or restore, bad usage. */
const EXIT = { ok: 0, failed: 1, usage: 2 };
const PROGRAM = 'pg-dumper';
/** The program with its global flags; alone, it names the commands. */
function rootCommand() {
    return new command_Command(PROGRAM)
        .description('Dump and restore PostgreSQL databases with pg_dump, pg_restore and psql.')
        .version(VERSION, '-V, --version', 'print the version and exit')
        .option('-p, --pg-connection <connection>', 'a pg_service.conf service name, or a key=value / postgresql:// connection string')
        .option('-s, --service <connection>', 'the same as -p (PUM’s older name)')
        .option('--service-file <path>', 'pg_service.conf to read services from')
        .option('-d, --dbname <name>', "database name overriding the connection's")
        .option('--pg-bin-dir <dir>', 'folder holding pg_dump, pg_restore and psql')
        .option('--pg-version <major>', 'use a client of this PostgreSQL major', wholeNumber('--pg-version', LIMITS.pgVersion))
        .addOption(new option_Option('--install-client <when>', 'install a missing client with apt (Linux): auto or never')
        .choices(['auto', 'never'])
        .default('never'))
        .option('--wait <seconds>', `wait this long for the server to accept connections (${LIMITS.waitSeconds.join('–')})`, wholeNumber('--wait', LIMITS.waitSeconds), 0)
        .option('-v, --verbose', 'show the tools’ raw output')
        .allowExcessArguments()
        .action((_options, self) => {
        const [command] = self.args;
        throw new UsageError(command === undefined
            ? 'a command is needed: dump FILE or restore FILE.'
            : `unknown command '${command}': the commands are dump and restore.`);
    });
}
const cancellation = new Cancellation();
/** Builds the program; actions resolve once the dump or restore is done. */
function buildProgram() {
    const program = rootCommand();
    addDumpCommand(program, cancellation);
    addRestoreCommand(program, cancellation);
    for (const command of [program, ...program.commands]) {
        const name = command === program ? PROGRAM : `${PROGRAM} ${command.name()}`;
        command
            .exitOverride()
            .configureOutput({
            outputError: (text, write) => write(`${PROGRAM}: ${text}`)
        })
            .showHelpAfterError(`Try "${name} --help" for more information.`);
    }
    return program;
}
/** True once a signal cancelled the run. */
function cancelled() {
    return cancellation.reason !== undefined;
}
/** Runs the CLI on argv (node, script, …args); resolves to the exit code. */
async function main(argv) {
    cancelOnSignals(cancellation, {
        stopped: signal => {
            process.stderr.write(`${PROGRAM}: OperationCancelled: Cancelled by ${signal}.\n`);
            process.exit(EXIT.failed);
        },
        repeated: (signal, first) => process.stderr.write(`${PROGRAM}: ${signal} while cleaning up after ${first}: the clean-up finishes first\n`)
    });
    const program = buildProgram();
    try {
        await program.parseAsync([...argv]);
        return EXIT.ok;
    }
    catch (error) {
        if (error instanceof CommanderError) {
            // help and version end here too, with exit code 0
            return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
        }
        if (error instanceof UsageError) {
            process.stderr.write(`${PROGRAM}: error: ${error.message}\nTry "${PROGRAM} --help" for more information.\n`);
            return EXIT.usage;
        }
        process.stderr.write(`${PROGRAM}: ${describeError(error)}\n`);
        return EXIT.failed;
    }
}


/***/ }),

/***/ 8572:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Lv: () => (/* binding */ CustomDataReader),
/* harmony export */   Ys: () => (/* binding */ offsetsProblem),
/* harmony export */   _O: () => (/* binding */ DataProblem),
/* harmony export */   zj: () => (/* binding */ dataReadable)
/* harmony export */ });
/* harmony import */ var _custom_toc_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5968);
/* harmony import */ var _inflate_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1913);
// The data blocks of a custom archive, read in this process as pg_restore
// reads them (pg_backup_custom.c: _readBlockHeader, _PrintData, _LoadLOs;
// compress_io.c and compress_gzip.c for one zlib stream per block). After
// the table of contents come the blocks, in sequence: a type byte (1 table
// data, 3 large objects) and the entry's dump id; table data is then
// length-prefixed chunks until a zero length, large objects are (oid,
// chunks) pairs until oid 0. With gzip each run of chunks is one zlib
// stream, inflated here to its end (which checks every deflate block and
// the adler32 at its end); uncompressed chunks are passed over as they are.
// pg_restore does nothing more with a block when its output is thrown away.
// Inflating into one reused buffer (inflate.ts) takes about a third of the
// CPU pg_restore takes for the same archive, and no second process competes
// with pg_dump for the cores.


const BLK_DATA = 1;
const BLK_BLOBS = 3;
/** What is wrong with an archive's data blocks: it does not read back. */
class DataProblem extends Error {
}
/** Whether this reader reads the archive's data: gzip or uncompressed, not lz4 or zstd. */
function dataReadable(toc) {
    if (toc.compression === 'none')
        return true;
    return toc.compression === 'gzip' && _inflate_js__WEBPACK_IMPORTED_MODULE_0__/* .SYNC_INFLATE */ .E;
}
/**
 * Reads the data blocks of a custom archive pushed to it in pieces of any
 * size, from the table of contents' end on; throws a {@link DataProblem}
 * at the first thing pg_restore would refuse, or that a sound archive never
 * holds. {@link blocks} says where each entry's block started.
 */
class CustomDataReader {
    #toc;
    #flags = new Map();
    #inflate;
    /** each block's file position, by dump id */
    blocks = new Map();
    #state = 'type';
    #position;
    #field = Buffer.alloc(9);
    #have = 0;
    #remaining = 0;
    #type = 0;
    #id = 0;
    #blockAt = 0;
    #stream;
    /** a finished block's zlib state, reset for the next block */
    #spare;
    constructor(toc) {
        this.#toc = toc;
        this.#position = toc.dataStart;
        this.#inflate = toc.compression === 'gzip';
        for (const e of toc.entries)
            this.#flags.set(e.dumpId, e.flag);
    }
    /** The next bytes of the archive; nothing of them is kept. */
    push(bytes) {
        let i = 0;
        while (i < bytes.length) {
            if (this.#state === 'body') {
                const n = Math.min(this.#remaining, bytes.length - i);
                if (this.#stream)
                    this.#inflateSome(bytes.subarray(i, i + n));
                this.#remaining -= n;
                this.#position += n;
                i += n;
                if (this.#remaining === 0)
                    this.#state = 'length';
                continue;
            }
            const want = this.#state === 'type' ? 1 : 1 + this.#toc.intSize;
            const n = Math.min(want - this.#have, bytes.length - i);
            bytes.copy(this.#field, this.#have, i, i + n);
            this.#have += n;
            i += n;
            if (this.#have < want)
                break;
            this.#have = 0;
            this.#position += want;
            this.#read(want === 1 ? this.#field[0] : this.#int());
        }
    }
    /** The archive ended here: it must end between blocks. */
    end() {
        if (this.#state !== 'type' || this.#have > 0) {
            throw new DataProblem(`it ends inside the data block of entry ${this.#id} (at byte ${this.#position + this.#have})`);
        }
    }
    /** Stops reading: frees an inflation under way. */
    close() {
        this.#stream?.close();
        this.#stream = undefined;
        this.#spare?.close();
        this.#spare = undefined;
    }
    /** The int in #field: a sign byte, then intSize bytes, least significant first. */
    #int() {
        const size = this.#toc.intSize;
        const value = size <= 6
            ? this.#field.readUIntLE(1, size)
            : this.#field.readUIntLE(1, 6) + this.#field[7] * 2 ** 48;
        return this.#field[0] !== 0 ? -value : value;
    }
    #read(value) {
        switch (this.#state) {
            case 'type':
                if (value !== BLK_DATA && value !== BLK_BLOBS) {
                    throw new DataProblem(`it holds an unknown data block type ${value} at byte ${this.#position - 1}`);
                }
                this.#type = value;
                this.#blockAt = this.#position - 1;
                this.#state = 'id';
                return;
            case 'id':
                this.#block(value);
                this.#state = this.#type === BLK_DATA ? 'length' : 'oid';
                return;
            case 'oid':
                // oid 0 ends the large objects
                this.#state = value === 0 ? 'type' : 'length';
                return;
            default:
                return this.#length(value);
        }
    }
    /** A block's dump id: an entry with data, its first block. */
    #block(id) {
        this.#id = id;
        const flag = this.#flags.get(id);
        const at = `the data block at byte ${this.#blockAt}`;
        if (flag === undefined) {
            throw new DataProblem(`${at} belongs to no entry (dump id ${id})`);
        }
        if (flag === _custom_toc_js__WEBPACK_IMPORTED_MODULE_1__/* .OFFSET_NO_DATA */ .zp) {
            throw new DataProblem(`${at} belongs to entry ${id}, which has no data`);
        }
        const first = this.blocks.get(id);
        if (first !== undefined) {
            throw new DataProblem(`${at} repeats entry ${id}'s data (first at byte ${first})`);
        }
        this.blocks.set(id, this.#blockAt);
    }
    #length(length) {
        if (length < 0) {
            throw new DataProblem(`a chunk of entry ${this.#id}'s data has a negative length (at byte ${this.#position})`);
        }
        if (length > 0) {
            // a stream from the first chunk on
            if (this.#inflate)
                this.#stream ??= this.#spare ?? new _inflate_js__WEBPACK_IMPORTED_MODULE_0__/* .Stream */ .Z();
            this.#spare = undefined;
            this.#remaining = length;
            this.#state = 'body';
            return;
        }
        if (this.#stream) {
            this.#inflateSome();
            this.#spare = this.#stream;
            this.#spare.reset();
            this.#stream = undefined;
        }
        else if (this.#inflate) {
            // pg_dump's zlib compressor writes a whole stream even for no data,
            // and pg_restore refuses a block without one
            throw new DataProblem(`the compressed data of entry ${this.#id} holds no zlib stream (at byte ${this.#position})`);
        }
        this.#state = this.#type === BLK_DATA ? 'type' : 'oid';
    }
    /** Inflates chunk bytes, or with none ends the stream; a zlib failure names the entry. */
    #inflateSome(bytes) {
        const stream = this.#stream;
        try {
            if (bytes)
                stream.write(bytes);
            else
                stream.end();
        }
        catch (error) {
            this.close();
            throw new DataProblem(`the compressed data of entry ${this.#id} does not inflate (${error.message})`);
        }
    }
}
/**
 * What is wrong with a finished archive's data offsets, given the blocks
 * read, or undefined: every entry that has data must have its block, at
 * the offset its table of contents gives (pg_restore seeks there and
 * checks the block's id).
 */
function offsetsProblem(toc, blocks, size) {
    const at = new Map([...blocks].map(([id, position]) => [position, id]));
    for (const entry of toc.entries) {
        if (entry.flag === _custom_toc_js__WEBPACK_IMPORTED_MODULE_1__/* .OFFSET_NO_DATA */ .zp)
            continue;
        if (!blocks.has(entry.dumpId)) {
            return `entry ${entry.dumpId} has no data block`;
        }
        if (entry.flag !== _custom_toc_js__WEBPACK_IMPORTED_MODULE_1__/* .OFFSET_SET */ .Zc) {
            return `entry ${entry.dumpId} has no data offset (flag ${entry.flag})`;
        }
        if (entry.position < toc.dataStart || entry.position >= size) {
            return `the data offset of entry ${entry.dumpId} (${entry.position}) lies outside the data blocks`;
        }
        const id = at.get(entry.position);
        if (id !== entry.dumpId) {
            return id === undefined
                ? `the data offset of entry ${entry.dumpId} (${entry.position}) is not where a block starts`
                : `the data offset of entry ${entry.dumpId} points at block ${id}`;
        }
    }
    return undefined;
}


/***/ }),

/***/ 5968:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Hb: () => (/* binding */ TOC_LIMIT),
/* harmony export */   K6: () => (/* binding */ readCustomToc),
/* harmony export */   Zc: () => (/* binding */ OFFSET_SET),
/* harmony export */   tf: () => (/* binding */ rewrittenToc),
/* harmony export */   uq: () => (/* binding */ tocParse),
/* harmony export */   zp: () => (/* binding */ OFFSET_NO_DATA)
/* harmony export */ });
/* unused harmony export parseCustomToc */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1455);
/* harmony import */ var _header_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3101);
/* harmony import */ var _reader_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(411);
// The table of contents of a custom archive as pg_dump writes it (WriteToc,
// and the custom format's offsets in _WriteExtraToc): which entries have a
// data block and where it starts, and the extensions it creates. The data
// blocks that follow it are read by custom-data.ts; a restore asks it
// whether the target may already have what the archive creates.



/** The custom format's offset flags (pg_backup_custom.c). */
// 1 (K_OFFSET_POS_NOT_SET): a data entry whose block is not written yet
const OFFSET_SET = 2;
const OFFSET_NO_DATA = 3;
/** Entries pg_restore handles itself (the client's settings), never listed. */
const SPECIAL = new Set(['ENCODING', 'STDSTRINGS', 'SEARCHPATH']);
/** What only `pg_restore --create` restores: the database and its settings. */
const DATABASE = new Set(['DATABASE', 'DATABASE PROPERTIES']);
/** What is attached to another object: the database, a large object. */
const ATTACHED = new Set(['ACL', 'COMMENT', 'SECURITY LABEL']);
/** Entries pg_restore takes for data though no dumper wrote any (sequence values, large objects). */
function dataWithout(desc, tag) {
    if (['SEQUENCE SET', 'BLOB', 'BLOB METADATA'].includes(desc))
        return true;
    return ATTACHED.has(desc) && tag.startsWith('LARGE OBJECT');
}
/**
 * Whether `pg_restore --list` without options shows an entry that has a
 * definition or data (`_tocEntryRequired`): all but the special entries, and
 * the database's own entries (its ACL, comment and labels too), which only
 * --create restores.
 */
function listedByDefault(desc, tag) {
    if (SPECIAL.has(desc) || DATABASE.has(desc))
        return false;
    return !(ATTACHED.has(desc) && tag.startsWith('DATABASE '));
}
/**
 * Parses the header and table of contents at the start of `bytes`:
 * `'short'` when they do not fit in `bytes` yet, `'unknown'` when the bytes
 * are not a custom archive of a version this parser knows. `progress`: a
 * record of an earlier parse of the start of the same bytes, resumed and
 * brought up to date (a record of its own by default).
 */
function tocParse(bytes, progress = {}) {
    try {
        const p = (progress.done ??= readTocHead(bytes));
        if (p === undefined)
            return 'unknown';
        const r = new _reader_js__WEBPACK_IMPORTED_MODULE_1__/* .ArchiveReader */ .g(bytes, p.at);
        r.intSize = p.intSize;
        r.offSize = p.offSize;
        while (p.entries.length < p.count) {
            readEntry(r, p);
            p.at = r.position;
        }
        const { compression, intSize, offSize, entries, extensions } = p;
        return {
            compression,
            intSize,
            offSize,
            entries,
            extensions,
            dataStart: p.at
        };
    }
    catch (error) {
        if (error instanceof _reader_js__WEBPACK_IMPORTED_MODULE_1__/* .Truncated */ .L)
            return 'short';
        throw error;
    }
}
/** The header and the count of entries; undefined for what this parser does not read. Throws Truncated. */
function readTocHead(bytes) {
    const r = new _reader_js__WEBPACK_IMPORTED_MODULE_1__/* .ArchiveReader */ .g(bytes);
    const head = {};
    const minor = (0,_header_js__WEBPACK_IMPORTED_MODULE_2__/* .readHead */ .zy)(r, head);
    if (minor === undefined)
        return undefined;
    const count = r.int();
    const { intSize, offSize } = r;
    const { compression } = head;
    return {
        minor,
        compression,
        intSize,
        offSize,
        count,
        at: r.position,
        entries: [],
        extensions: []
    };
}
/** Reads one entry into `p` (nothing when the bytes end inside it: Truncated). */
function readEntry(r, p) {
    const dumpId = r.int();
    const hadDumper = r.int() !== 0;
    r.skipStr(); // tableoid
    r.skipStr(); // oid
    // latin1: only ASCII words and prefixes are looked for in them
    const tag = r.str('latin1') ?? '';
    const desc = r.str('latin1') ?? '';
    r.int(); // section
    const defined = r.skipStr() > 0; // defn
    // dropStmt, copyStmt, namespace, tablespace, from 1.14 tableam
    for (let s = p.minor >= 14 ? 5 : 4; s > 0; s--)
        r.skipStr();
    if (p.minor >= 16)
        r.int(); // relkind
    r.skipStr(); // owner
    r.skipStr(); // "false": WITH OIDS
    while (r.skipStr() >= 0)
        ; // dependencies, ended by a NULL string
    const offsetAt = r.position;
    const { flag, position } = r.offset();
    const listed = (defined || hadDumper || dataWithout(desc, tag)) &&
        listedByDefault(desc, tag);
    p.entries.push({ dumpId, flag, position, offsetAt, listed });
    if (desc === 'EXTENSION')
        p.extensions.push(tag);
}
/** {@link tocParse}, undefined for anything but a whole table of contents. */
function parseCustomToc(bytes) {
    const toc = tocParse(bytes);
    return typeof toc === 'string' ? undefined : toc;
}
const PREFIX_STEP = 1 << 20;
/**
 * Past this, a table of contents is not read here (some 300,000 objects):
 * a hostile file claiming longer strings is not read into memory whole.
 */
const TOC_LIMIT = 64 << 20;
/**
 * Reads as much of the file's start as its table of contents takes, up to
 * TOC_LIMIT, and parses it; undefined when it does not parse within that.
 */
async function readCustomToc(path) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(path, 'r');
    try {
        const { size } = await handle.stat();
        for (let length = PREFIX_STEP;; length *= 2) {
            const bytes = Buffer.alloc(Math.min(length, size));
            const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
            const toc = parseCustomToc(bytes.subarray(0, bytesRead));
            if (toc)
                return { ...toc, head: bytes.subarray(0, toc.dataStart) };
            if (bytesRead >= size || length >= TOC_LIMIT)
                return undefined;
        }
    }
    finally {
        await handle.close();
    }
}
/**
 * The finished file's table of contents, from the table of contents `toc`
 * parsed from the bytes `read` before pg_dump rewrote them: the file's
 * first `read.length` bytes must be `read`'s but for the data offsets
 * (pg_dump rewrites nothing else), whose new values are then taken from
 * them; nothing is parsed again. Else where the file first differs.
 */
async function rewrittenToc(path, read, toc) {
    const head = Buffer.alloc(read.length);
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(path, 'r');
    try {
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        const changedAt = bytesRead < head.length
            ? bytesRead
            : changedOutsideOffsets(read, head, toc);
        if (changedAt !== undefined)
            return { changedAt };
    }
    finally {
        await handle.close();
    }
    const entries = toc.entries.map(e => {
        const r = new _reader_js__WEBPACK_IMPORTED_MODULE_1__/* .ArchiveReader */ .g(head, e.offsetAt);
        r.offSize = toc.offSize;
        return { ...e, ...r.offset() };
    });
    return { ...toc, entries, head };
}
/** Where `head` first differs from `read` (of the same length) outside the offsets of `toc`'s entries. */
function changedOutsideOffsets(read, head, toc) {
    let from = 0;
    for (const end of [...toc.entries.map(e => e.offsetAt), head.length]) {
        if (read.compare(head, from, end, from, end) !== 0) {
            while (read[from] === head[from])
                from++;
            return from;
        }
        from = end + 1 + toc.offSize;
    }
    return undefined;
}


/***/ }),

/***/ 5107:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  kj: () => (/* binding */ GrowingDataFile),
  D9: () => (/* binding */ INFLATABLE)
});

// UNUSED EXPORTS: readDataFile

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __nccwpck_require__(8474);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(8522);
// EXTERNAL MODULE: ./lib/core/archive/writer-watch.js
var writer_watch = __nccwpck_require__(1349);
// EXTERNAL MODULE: ./lib/core/archive/inflate.js
var inflate = __nccwpck_require__(1913);
;// CONCATENATED MODULE: external "node:v8"
const external_node_v8_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");
;// CONCATENATED MODULE: external "node:vm"
const external_node_vm_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:vm");
;// CONCATENATED MODULE: ./lib/core/archive/young-garbage.js
// Returning the memory of short-lived Buffers as it goes. A Buffer of more
// than 4 KiB holds its bytes outside V8's heap, freed only when V8 collects
// the Buffer object; V8 counts those bytes towards a collection only every
// 64 MB, and the objects themselves are too small to fill its young
// generation soon. Inflating a data file makes a new Buffer of every chunk
// of output (Node's zlib offers no way to inflate into a buffer of ours),
// so the process grew by up to 64 MB of dead output whatever the dump's
// size (issue 22). A minor collection every few MB of such Buffers bounds
// that to a few MB; the 176 of them inflating 1.5 GB cost no CPU we could
// measure.


let collect;
/**
 * V8's collector, which Node gives only with --expose-gc: the flag set
 * at run time holds for contexts made afterwards, so one new context hands
 * out its `gc`. Where that fails, nothing is collected early (as before).
 */
function minorCollection() {
    if (!collect) {
        let gc;
        try {
            (0,external_node_v8_namespaceObject.setFlagsFromString)('--expose-gc');
            gc = (0,external_node_vm_namespaceObject.runInNewContext)('typeof gc === "function" ? gc : undefined');
        }
        catch {
            gc = undefined;
        }
        collect =
            typeof gc === 'function'
                ? () => gc({ type: 'minor' })
                : () => { };
    }
    return collect;
}
/** How many bytes of dead Buffers to let pile up between two collections. */
const COLLECT_EVERY = 8 << 20;
/** Counts the bytes of Buffers dropped, and collects every COLLECT_EVERY. */
class YoungGarbage {
    #bytes = 0;
    /** `bytes` more in Buffers no longer referenced. */
    dropped(bytes) {
        this.#bytes += bytes;
        if (this.#bytes < COLLECT_EVERY)
            return;
        this.#bytes = 0;
        minorCollection()();
    }
}

;// CONCATENATED MODULE: ./lib/core/archive/data-file.js
// Reading one data file of a directory archive back in this process, as
// pg_restore reads it, whole or while a pg_dump worker writes it: a gzip
// file (`<id>.dat.gz`) is inflated to its end, which checks every deflate
// block and the gzip trailer's CRC-32 and length of the data; an
// uncompressed `<id>.dat` is read through. pg_restore does nothing more with
// a table's data file when its output is thrown away: it decompresses the
// file and writes the COPY text out as it is. Node's zlib, driven as
// inflate.ts drives it (into one reused buffer), inflates about twice as
// fast as the system zlib pg_restore links.






/** The data files read here: gzip-compressed or not (lz4 and zstd are left to pg_restore). */
const INFLATABLE = /\.dat(?:\.gz)?$/;
// 256 KiB reads and inflated chunks: with the collections, half the CPU of
// a pipeline of 64 KiB chunks (fewer trips to zlib's thread, memory reused
// rather than fresh). The file is read into one buffer, reused; the
// inflated chunks, new Buffers each, are collected as they pile up.
const CHUNK = 1 << 18;
/** Hands `bytes` to zlib; resolves once zlib has taken them all in. */
function data_file_inflate(gunzip, bytes) {
    return new Promise((resolve, reject) => {
        gunzip.write(bytes, error => (error ? reject(error) : resolve()));
    });
}
/**
 * Rejects on the stream's first error: zlib reports a damaged stream by
 * destroying it, and the write under way may then never call back.
 */
function failure(gunzip) {
    const failed = new Promise((_, reject) => {
        gunzip.once('error', reject);
    });
    failed.catch(() => { }); // raced below, where it is handled
    return failed;
}
/**
 * Reads one data file's bytes back as they come: inflated to the end of its
 * gzip stream when it is gzip, the CRC-32 of the bytes taken.
 */
class DataFileReading {
    /** inflating into one reused buffer, where the runtime allows (inflate.ts) */
    #inflate;
    /** else Node's stream API, a new Buffer for every chunk inflated */
    #gunzip;
    #failed;
    #crc = 0;
    constructor(gzip) {
        if (!gzip)
            return;
        if (inflate/* SYNC_INFLATE */.E) {
            this.#inflate = new inflate/* Stream */.Z(true);
            return;
        }
        const garbage = new YoungGarbage();
        this.#gunzip = (0,external_node_zlib_.createGunzip)({ chunkSize: CHUNK });
        this.#gunzip.on('data', (chunk) => {
            garbage.dropped(chunk.length);
        });
        this.#failed = failure(this.#gunzip);
    }
    /** Takes the next bytes; resolves once zlib has them all (`bytes` is free again). */
    async push(bytes) {
        this.#crc = (0,external_node_zlib_.crc32)(bytes, this.#crc);
        this.#inflate?.write(bytes);
        if (this.#gunzip) {
            await Promise.race([data_file_inflate(this.#gunzip, bytes), this.#failed]);
        }
    }
    /**
     * The file's end: the CRC-32 of its bytes; rejects when they were not one
     * complete, intact gzip stream.
     */
    async end() {
        this.#inflate?.end();
        if (this.#gunzip) {
            const end = (0,external_node_events_.once)(this.#gunzip, 'end');
            this.#gunzip.end();
            await Promise.race([end, this.#failed]);
        }
        return this.#crc;
    }
    close() {
        this.#inflate?.close();
        this.#gunzip?.destroy();
    }
}
/**
 * How long a followed data file waits when it has caught up with its
 * writer: reading 200 ms of pg_dump's output at a time rather than 20 took
 * 12 % less of the step's CPU (fewer reads, wake-ups and context switches),
 * and the file's end is read as soon as the worker is reported done.
 */
const POLL_MS = 200;
/**
 * Follows a data file a pg_dump worker is writing: reads it back as it
 * grows (a worker only appends), and to its end once told the worker has
 * closed it. `done` is the CRC-32 of the file's bytes; it rejects when they
 * are not one complete, intact gzip stream, or when stopped.
 */
class GrowingDataFile {
    done;
    /** the bytes read so far */
    position = 0;
    #writer = new writer_watch/* WriterWatch */.J(POLL_MS);
    constructor(path) {
        this.done = this.#follow(path);
        this.done.catch(() => { }); // awaited by whoever asks for it
    }
    /** The worker has closed the file: read what is left, to the end. */
    closed() {
        this.#writer.end();
    }
    /** pg_dump failed or was stopped: stop reading. */
    stop() {
        this.#writer.stop();
    }
    async #follow(path) {
        const file = await (0,promises_.open)(path, 'r');
        const reading = new DataFileReading(path.endsWith('.gz'));
        const buffer = Buffer.allocUnsafe(CHUNK);
        try {
            for (;;) {
                if (this.#writer.stopped)
                    throw new Error('stopped before its end');
                const closedBefore = this.#writer.ended;
                const { bytesRead } = await file.read(buffer, 0, CHUNK, this.position);
                if (bytesRead === 0) {
                    // closed before this read found nothing: the end
                    if (closedBefore)
                        break;
                    await this.#writer.pause();
                    continue;
                }
                this.position += bytesRead;
                await reading.push(buffer.subarray(0, bytesRead));
            }
            return await reading.end();
        }
        finally {
            reading.close();
            await file.close();
        }
    }
}
/**
 * Reads a finished data file to its end, inflating it when it is gzip;
 * returns the CRC-32 of the file's bytes as read. Rejects when the file is
 * not a complete, intact gzip stream.
 */
function readDataFile(path) {
    const file = new GrowingDataFile(path);
    file.closed();
    return file.done;
}


/***/ }),

/***/ 9171:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   GT: () => (/* binding */ UnrecognizedDumpError),
/* harmony export */   IR: () => (/* binding */ headFormat),
/* harmony export */   Lq: () => (/* binding */ HEAD_BYTES),
/* harmony export */   QD: () => (/* binding */ specialFileKind),
/* harmony export */   fr: () => (/* binding */ readPrefix),
/* harmony export */   j8: () => (/* binding */ pgDumpFileFormat),
/* harmony export */   p7: () => (/* binding */ detectArchiveFormat),
/* harmony export */   yM: () => (/* binding */ DUMP_PATHS)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
// Recognises what kind of dump a file is from its first bytes, so restore
// can pick pg_restore or psql without being told.



/** Why a file is not something we can restore. */
class UnrecognizedDumpError extends Error {
    name = 'UnrecognizedDumpError';
}
/** What a restore takes, for messages that refuse anything else. */
const DUMP_PATHS = 'a regular file (a custom, tar or plain SQL dump) or a directory-format dump (a folder with toc.dat)';
/**
 * What a path is when it can hold no dump: a FIFO, a socket or a device,
 * which reading would block on or never finish; undefined for a regular
 * file or a folder.
 */
function specialFileKind(info) {
    if (info.isFile() || info.isDirectory())
        return undefined;
    if (info.isFIFO())
        return 'a FIFO (named pipe)';
    if (info.isSocket())
        return 'a socket';
    if (info.isCharacterDevice())
        return 'a character device';
    if (info.isBlockDevice())
        return 'a block device';
    return 'not a regular file';
}
/** Enough of a dump's start for its format and header (a few hundred bytes in practice). */
const HEAD_BYTES = 4096;
const TAR_MAGIC_OFFSET = 257;
/**
 * The format of the dump at `path`: `PGDMP` starts a custom archive, `ustar`
 * at byte 257 marks a tar archive, a folder with `toc.dat` is a directory
 * archive, and text without NUL bytes is taken as a plain SQL script.
 */
async function detectArchiveFormat(path) {
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(path);
    const special = specialFileKind(info);
    if (special) {
        throw new UnrecognizedDumpError(`${path} is ${special}, not a dump: expected ${DUMP_PATHS}`);
    }
    if (info.isDirectory()) {
        const toc = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(path, 'toc.dat')).catch(() => undefined);
        if (toc?.isFile())
            return 'directory';
        throw new UnrecognizedDumpError(`${path} is a folder without toc.dat: not a directory-format dump`);
    }
    return headFormat(await readPrefix(path, HEAD_BYTES), path);
}
/** The format a single-file dump's first bytes show ({@link detectArchiveFormat}); `name` is for messages. */
function headFormat(head, name) {
    if (head.length === 0) {
        throw new UnrecognizedDumpError(`${name} is empty: not a PostgreSQL dump`);
    }
    if (head.subarray(0, 5).toString('latin1') === 'PGDMP')
        return 'custom';
    const tarMagic = head.subarray(TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + 5);
    if (tarMagic.toString('latin1') === 'ustar')
        return 'tar';
    if (!head.includes(0))
        return 'plain';
    throw new UnrecognizedDumpError(`${name} is neither a pg_dump archive (custom, tar or directory) nor a plain SQL script`);
}
/**
 * The first `length` bytes of a regular file (fewer if it is shorter).
 * Opened without blocking, so a FIFO put in its place is refused instead
 * of waiting for a writer for good.
 */
async function readPrefix(path, length) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK);
    try {
        const special = specialFileKind(await handle.stat());
        if (special) {
            throw new UnrecognizedDumpError(`${path} is ${special}, not a dump`);
        }
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, 0);
        return buffer.subarray(0, bytesRead);
    }
    finally {
        await handle.close();
    }
}
/** Where pg_dump's plain SQL starts: its opening comment block. */
const PLAIN_HEADER = /^--\r?\n-- PostgreSQL database dump\r?\n/;
/**
 * The format of a file as pg_dump writes it, from its first bytes (at
 * least 512 + 5): `PGDMP` (custom), a tar whose first member is toc.dat,
 * or pg_dump's opening comment (plain); undefined for anything else. Stricter
 * than {@link detectArchiveFormat}, which takes any text for a script: only
 * what this recognises may be replaced by a new dump.
 */
function pgDumpFileFormat(head) {
    if (head.subarray(0, 5).toString('latin1') === 'PGDMP')
        return 'custom';
    const tarMagic = head.subarray(TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + 5);
    const firstMember = head.subarray(0, 8).toString('latin1');
    if (tarMagic.toString('latin1') === 'ustar' && firstMember === 'toc.dat\0')
        return 'tar';
    if (PLAIN_HEADER.test(head.subarray(0, 64).toString('latin1')))
        return 'plain';
    return undefined;
}


/***/ }),

/***/ 3101:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Qz: () => (/* binding */ readArchiveHeader),
/* harmony export */   Z2: () => (/* binding */ minimumReaderMajor),
/* harmony export */   q2: () => (/* binding */ HEADER_BYTES),
/* harmony export */   rR: () => (/* binding */ headerOf),
/* harmony export */   zy: () => (/* binding */ readHead)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6760);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(9171);
/* harmony import */ var _versions_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3334);
/* harmony import */ var _reader_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(411);
// Reads what a dump says about itself (archive version, source server, the
// pg_dump that wrote it, database name) from its first bytes, without pg_restore.




const TAR_BLOCK = 512;
const TAR_SIZE_OFFSET = 124;
const TAR_SIZE_LENGTH = 12;
/**
 * Archive minor version (1.x) → the first pg_dump major that wrote it. pg_restore
 * reads every archive version up to its own, so this is also the oldest
 * pg_restore major that reads it.
 */
const FIRST_WRITER = new Map([
    [12, 9], // 9.0
    // 1.13 was back-patched into 9.3.22, 9.4.17, 9.5.12, 9.6.8 and 10.3 (the
    // CVE-2018-1058 search_path fix); 11 is the first major all of whose
    // releases read it, and a major is all we can name
    [13, 11],
    [14, 12],
    [15, 16],
    [16, 17] // pg_dump 18 still writes 1.16
]);
const OLDEST_PARSED = 12;
const NEWEST_KNOWN = 16;
// pg_dump 18 writes 1.16 and pg_restore refuses any archive newer than its
// own version, so anything newer needs a pg_restore newer than 18
const NEWEST_KNOWN_WRITER = 18;
/**
 * The header of the dump at `path`: for custom, tar and directory archives
 * PostgreSQL's archive header (in tar and directory archives, that of
 * `toc.dat`); for plain SQL the leading `-- Dumped from/by` comments. A short
 * or unfamiliar header gives what could be read (the format at least): only
 * {@link detectArchiveFormat}'s errors and failures to read are thrown.
 */
async function readArchiveHeader(path) {
    const format = await (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .detectArchiveFormat */ .p7)(path);
    if (format === 'directory') {
        const toc = await (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .readPrefix */ .fr)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(path, 'toc.dat'), _format_js__WEBPACK_IMPORTED_MODULE_1__/* .HEAD_BYTES */ .Lq);
        return { format, ...parseArchiveHead(toc) };
    }
    return headerOf(await (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .readPrefix */ .fr)(path, HEADER_BYTES), path);
}
/** How much of a single-file dump {@link headerOf} reads. */
const HEADER_BYTES = TAR_BLOCK + _format_js__WEBPACK_IMPORTED_MODULE_1__/* .HEAD_BYTES */ .Lq;
/**
 * The header of a single-file dump from its first {@link HEADER_BYTES}
 * bytes (fewer when it is shorter), e.g. those an age file decrypts to;
 * `name` is for messages.
 */
function headerOf(head, name) {
    const format = (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .headFormat */ .IR)(head, name);
    switch (format) {
        case 'custom':
            return { format, ...parseArchiveHead(head.subarray(0, _format_js__WEBPACK_IMPORTED_MODULE_1__/* .HEAD_BYTES */ .Lq)) };
        case 'tar':
            return { format, ...parseArchiveHead(tocFromTar(head)) };
        case 'plain': {
            const start = head.subarray(0, _format_js__WEBPACK_IMPORTED_MODULE_1__/* .HEAD_BYTES */ .Lq);
            return {
                format,
                ...parsePlainHead(start, start.length === _format_js__WEBPACK_IMPORTED_MODULE_1__/* .HEAD_BYTES */ .Lq)
            };
        }
    }
}
/**
 * The oldest pg_restore/psql major that can read the dump. An archive needs
 * the first major that wrote its archive version (pg_restore reads every
 * version up to its own, so pg_restore 17 reads pg_dump 18's 1.16; a version
 * newer than any known needs a major newer than 18); without one, or for a
 * plain script, the major of the pg_dump that wrote it; else undefined.
 */
function minimumReaderMajor(header) {
    const m = /^(\d+)\.(\d+)$/.exec(header.archiveVersion ?? '');
    if (!m)
        return header.dumpedBy?.major;
    const [major, minor] = [Number(m[1]), Number(m[2])];
    if (major > 1 || (major === 1 && minor > NEWEST_KNOWN)) {
        return NEWEST_KNOWN_WRITER + 1;
    }
    return major === 1 ? FIRST_WRITER.get(minor) : undefined;
}
const COMPRESSIONS = [
    'none',
    'gzip',
    'lz4',
    'zstd'
];
/** The start of the data of the tar's first member when that is toc.dat, as pg_dump writes it. */
function tocFromTar(head) {
    if (head.length < TAR_BLOCK)
        return Buffer.alloc(0);
    const nameEnd = head.indexOf(0);
    const name = head.subarray(0, nameEnd < 0 || nameEnd > 100 ? 100 : nameEnd);
    if (name.toString('latin1') !== 'toc.dat')
        return Buffer.alloc(0);
    const data = head.subarray(TAR_BLOCK);
    // past the member's end come padding and the next member, not header
    const sizeField = head
        .subarray(TAR_SIZE_OFFSET, TAR_SIZE_OFFSET + TAR_SIZE_LENGTH)
        .toString('latin1')
        .replace(/[\0 ]/g, '');
    return /^[0-7]+$/.test(sizeField)
        ? data.subarray(0, parseInt(sizeField, 8))
        : data;
}
/**
 * PostgreSQL's archive header (WriteHead/ReadHead in pg_backup_archiver.c):
 * `PGDMP`, version bytes major/minor/revision, intSize, offSize, format,
 * compression (1.15+: an algorithm byte; before: an int level), creation time
 * as 7 ints, then the database name, server version and pg_dump version.
 */
function parseArchiveHead(bytes) {
    const fields = {};
    try {
        readHead(new _reader_js__WEBPACK_IMPORTED_MODULE_2__/* .ArchiveReader */ .g(bytes), fields);
    }
    catch (error) {
        if (!(error instanceof _reader_js__WEBPACK_IMPORTED_MODULE_2__/* .Truncated */ .L))
            throw error;
    }
    // what the header records of the dump's origin; the compression is the
    // custom-format reader's business (custom-toc.ts)
    delete fields.compression;
    return fields;
}
/**
 * Reads the header at the reader's place into `fields`, and sets the
 * reader's intSize and offSize from it. Returns the archive's minor version
 * when the whole header was read and its layout is one this parser knows,
 * else undefined; throws {@link Truncated} when the bytes run out.
 */
function readHead(r, fields = {}) {
    for (const c of 'PGDMP')
        if (r.byte() !== c.charCodeAt(0))
            return undefined;
    const vmaj = r.byte();
    const vmin = r.byte();
    fields.archiveVersion = `${vmaj}.${vmin}`;
    // older layouts differ in ways not worth carrying; newer ones are unknown
    if (vmaj !== 1 || vmin < OLDEST_PARSED || vmin > NEWEST_KNOWN) {
        return undefined;
    }
    r.byte(); // revision
    r.intSize = r.byte();
    // pg_dump writes sizeof(int); anything else this large is not a header
    if (r.intSize < 1 || r.intSize > 8)
        return undefined;
    r.offSize = r.byte();
    if (r.offSize < 1 || r.offSize > 8)
        return undefined;
    // 1 for custom; tar and directory archives both say 3 (tar)
    r.byte(); // format
    // 1.15 on: the algorithm (pg_compress_algorithm); before, a gzip level
    // (0 none, -1 zlib's default)
    if (vmin >= 15)
        fields.compression = COMPRESSIONS[r.byte()] ?? 'unknown';
    else
        fields.compression = r.int() === 0 ? 'none' : 'gzip';
    for (let i = 0; i < 7; i++)
        r.int(); // tm_sec … tm_isdst, local time
    const dbname = r.str();
    if (dbname !== undefined)
        fields.dbname = dbname;
    const dumpedFrom = versionOf(r.str());
    if (dumpedFrom)
        fields.dumpedFrom = dumpedFrom;
    const dumpedBy = versionOf(r.str());
    if (dumpedBy)
        fields.dumpedBy = dumpedBy;
    return vmin;
}
function versionOf(text) {
    return text === undefined ? undefined : (0,_versions_js__WEBPACK_IMPORTED_MODULE_3__/* .parseVersion */ .ot)(text);
}
const DUMPED_FROM = /^--\s*Dumped from database version\s+(.+)$/;
const DUMPED_BY = /^--\s*Dumped by pg_dump(?:all)? version\s+(.+)$/;
/** The `-- Dumped from/by` lines of the comment block a plain dump opens with. */
function parsePlainHead(bytes, cut) {
    const fields = {};
    let text = bytes.toString('utf8');
    // a line cut by the read limit could pass for a shorter version
    if (cut)
        text = text.slice(0, text.lastIndexOf('\n') + 1);
    for (const raw of text.split('\n')) {
        const line = raw.replace(/\r$/, '').trim();
        if (line === '')
            continue;
        // psql meta-commands (\restrict, since the 2025 minor releases) come
        // before the version comments
        if (line.startsWith('\\'))
            continue;
        if (!line.startsWith('--'))
            break;
        const from = DUMPED_FROM.exec(line);
        const by = DUMPED_BY.exec(line);
        const dumpedFrom = from ? (0,_versions_js__WEBPACK_IMPORTED_MODULE_3__/* .parseVersion */ .ot)(from[1]) : undefined;
        const dumpedBy = by ? (0,_versions_js__WEBPACK_IMPORTED_MODULE_3__/* .parseVersion */ .ot)(by[1]) : undefined;
        if (dumpedFrom && !fields.dumpedFrom)
            fields.dumpedFrom = dumpedFrom;
        if (dumpedBy && !fields.dumpedBy)
            fields.dumpedBy = dumpedBy;
    }
    return fields;
}


/***/ }),

/***/ 1913:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ SYNC_INFLATE),
/* harmony export */   Z: () => (/* binding */ Stream)
/* harmony export */ });
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8522);
// Inflating one zlib stream in this process with its output thrown away,
// for reading a custom archive's data blocks back (custom-data.ts) and a
// directory archive's gzip data files (data-file.ts).

function internals(z) {
    const { _handle, _writeState } = z;
    if (typeof _handle?.writeSync !== 'function')
        return undefined;
    if (!(_writeState instanceof Uint32Array))
        return undefined;
    return { _handle, _writeState };
}
/** Whether this runtime's zlib can be driven as {@link Stream} does. */
const SYNC_INFLATE = (() => {
    const z = (0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.createInflate)();
    const usable = internals(z) !== undefined;
    z.close();
    return usable;
})();
// the inflated bytes, thrown away: one buffer for every stream
const OUT = Buffer.allocUnsafe(1 << 16);
const NOTHING = Buffer.alloc(0);
/** One zlib stream (with `gzip`, one gzip file's) being inflated, its output thrown away. */
class Stream {
    #z;
    #handle;
    #state;
    #error;
    constructor(gzip = false) {
        this.#z = gzip ? (0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.createGunzip)() : (0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.createInflate)();
        const { _handle, _writeState } = internals(this.#z);
        this.#handle = _handle;
        this.#state = _writeState;
        // called during writeSync when zlib fails (a bad block, a wrong adler32)
        this.#handle.onerror = message => {
            this.#error = message;
        };
    }
    /** Inflates all of `bytes`, which must not go past the stream's end. */
    write(bytes, flush = node_zlib__WEBPACK_IMPORTED_MODULE_0__.constants.Z_NO_FLUSH) {
        let from = 0;
        for (;;) {
            this.#handle.writeSync(flush, bytes, from, bytes.length - from, OUT, 0, OUT.length);
            if (this.#error !== undefined)
                throw new Error(this.#error);
            const [outLeft, inLeft] = this.#state;
            from = bytes.length - inLeft;
            // the output buffer filled up: more to inflate
            if (outLeft === 0)
                continue;
            // zlib took no more although it had room: its stream had ended
            if (inLeft > 0)
                throw new Error('bytes follow the end of its zlib stream');
            return;
        }
    }
    /** The stream must end here, whole (zlib says "unexpected end of file" if not). */
    end() {
        this.write(NOTHING, node_zlib__WEBPACK_IMPORTED_MODULE_0__.constants.Z_FINISH);
    }
    /** Ready for the next stream: one zlib state for every block (making one per block cost more than inflating small ones). */
    reset() {
        // a Gunzip has it too (zlib's base class); its typings leave it out
        ;
        this.#z.reset();
        this.#error = undefined;
    }
    close() {
        this.#z.close();
    }
}


/***/ }),

/***/ 411:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ Truncated),
/* harmony export */   g: () => (/* binding */ ArchiveReader)
/* harmony export */ });
// pg_dump's archive encoding (pg_backup_archiver.c): bytes, sign-and-magnitude
// ints of the archive's intSize, offsets of its offSize, length-prefixed
// strings. Shared by the header and table-of-contents readers.
/** Thrown when the bytes run out before the value ends; parsers catch it. */
class Truncated extends Error {
}
/** Reads values off a buffer, keeping its place. */
class ArchiveReader {
    #bytes;
    #pos;
    intSize = 4;
    offSize = 8;
    constructor(bytes, start = 0) {
        this.#bytes = bytes;
        this.#pos = start;
    }
    /** Bytes read so far, from the start of the buffer. */
    get position() {
        return this.#pos;
    }
    byte() {
        if (this.#pos >= this.#bytes.length)
            throw new Truncated();
        return this.#bytes[this.#pos++];
    }
    /** A sign byte (non-zero: negative), then intSize bytes, least significant first. */
    int() {
        const at = this.#pos;
        if (at + 1 + this.intSize > this.#bytes.length)
            throw new Truncated();
        const negative = this.#bytes[at] !== 0;
        let value;
        if (this.intSize <= 6) {
            value = this.#bytes.readUIntLE(at + 1, this.intSize);
        }
        else {
            value = 0;
            for (let i = 0; i < this.intSize; i++) {
                value += this.#bytes[at + 1 + i] * 2 ** (8 * i);
            }
        }
        this.#pos = at + 1 + this.intSize;
        return negative ? -value : value;
    }
    /** A flag byte, then offSize bytes of file position, least significant first (WriteOffset). */
    offset() {
        const flag = this.byte();
        let position = 0;
        for (let i = 0; i < this.offSize; i++) {
            position += this.byte() * 2 ** (8 * i);
        }
        return { flag, position };
    }
    /** An int length then that many bytes; a negative length is a NULL string. */
    str(encoding = 'utf8') {
        const length = this.int();
        if (length < 0)
            return undefined;
        const end = this.#pos + length;
        if (end > this.#bytes.length)
            throw new Truncated();
        const text = this.#bytes.toString(encoding, this.#pos, end);
        this.#pos = end;
        return text;
    }
    /** Passes over a string without decoding it; its length, -1 for NULL. */
    skipStr() {
        const length = this.int();
        if (length < 0)
            return -1;
        if (this.#pos + length > this.#bytes.length)
            throw new Truncated();
        this.#pos += length;
        return length;
    }
}


/***/ }),

/***/ 1349:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ WriterWatch)
/* harmony export */ });
// What a reader following a file another process writes knows of it: the
// writer has finished, or the reading was stopped; between two reads that
// found nothing new, a pause that either of them ends at once.
/** The state of a followed file's writer, and the reader's pause. */
class WriterWatch {
    #pauseMs;
    /** the writer has finished: what is in the file is all there will be */
    ended = false;
    /** the reading is to stop (the writer failed or was stopped) */
    stopped = false;
    #wake;
    constructor(pauseMs) {
        this.#pauseMs = pauseMs;
    }
    end() {
        this.ended = true;
        this.#wake?.();
    }
    stop() {
        this.stopped = true;
        this.#wake?.();
    }
    /** Waits `pauseMs`, or until the writer ends or the reading is stopped. */
    async pause() {
        await new Promise(resolve => {
            const timer = setTimeout(resolve, this.#pauseMs);
            this.#wake = () => {
                clearTimeout(timer);
                resolve();
            };
        });
        this.#wake = undefined;
    }
}


/***/ }),

/***/ 8552:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Lv: () => (/* binding */ ClientInstallError),
/* harmony export */   NL: () => (/* binding */ installPlanForThisMachine),
/* harmony export */   pj: () => (/* binding */ aptGetInstall),
/* harmony export */   sX: () => (/* binding */ debianBinDir)
/* harmony export */ });
/* unused harmony exports PGDG_KEYRING, aptInstallPlan */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var _process_runner_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6911);
// Installs a PostgreSQL client of a given major from the PostgreSQL project's
// apt repository (PGDG), for when no installed client is new enough; when
// PGDG cannot be used, undoes what it added and takes the distribution's own
// postgresql-client if that is new enough (install-run.ts).




/** Where the PGDG repository key is published. */
const PGDG_KEY_URL = 'https://www.postgresql.org/media/keys/ACCC4CF8.asc';
/** Where the key goes: the path postgresql-common's apt.postgresql.org.sh uses. */
const PGDG_KEYRING = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc';
/** The apt source file, named as on GitHub's runner images. */
const PGDG_LIST = '/etc/apt/sources.list.d/pgdg.list';
/** Where Debian's packages (PGDG's too) put a major's clients. */
function debianBinDir(major) {
    return `/usr/lib/postgresql/${major}/bin`;
}
/** `apt-get install` of `packages`, without prompts or recommends, through `sudo` when given. */
function aptGetInstall(sudo, packages) {
    // sudo resets the environment, so the variable travels through env(1)
    return {
        argv: [
            ...sudo,
            'env',
            'DEBIAN_FRONTEND=noninteractive',
            'apt-get',
            'install',
            '-y',
            '--no-install-recommends',
            ...packages
        ]
    };
}
/**
 * The exact commands that install postgresql-client-<major> from PGDG, the
 * way GitHub's runner images add the repository (then remove it; we leave it):
 * the key, fetched by Node, written by `tee` into
 * /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc (the
 * path postgresql-common's apt.postgresql.org.sh and the PGDG wiki use), a
 * `deb [signed-by=…] https://apt.postgresql.org/pub/repos/apt <codename>-pgdg main`
 * line written by `tee` into /etc/apt/sources.list.d/pgdg.list, `apt-get
 * update`, then `apt-get install -y --no-install-recommends
 * postgresql-client-<major>` with DEBIAN_FRONTEND=noninteractive. Every
 * command is prefixed with `sudo -n` when not root. Its undo removes the
 * source file, the key and the folders `install -d` made, if empty.
 * Throws RangeError on a major below 10 or a codename that is not a word.
 */
function aptInstallPlan(o) {
    if (!Number.isInteger(o.major) || o.major < 10)
        throw new RangeError(`No PGDG client package for major ${o.major}`);
    // the codename goes into an apt source line: a newline would add another source
    if (!/^[a-z][a-z0-9-]*$/.test(o.codename))
        throw new RangeError(`Not a distribution codename: ${o.codename}`);
    const source = `deb [signed-by=${PGDG_KEYRING}] https://apt.postgresql.org/pub/repos/apt ${o.codename}-pgdg main`;
    const sudo = o.root ? [] : ['sudo', '-n'];
    const keyDir = PGDG_KEYRING.slice(0, PGDG_KEYRING.lastIndexOf('/'));
    const commands = [
        // the folder exists only where postgresql-common is installed
        { argv: [...sudo, 'install', '-d', keyDir] },
        { argv: [...sudo, 'tee', PGDG_KEYRING], inputUrl: PGDG_KEY_URL },
        { argv: [...sudo, 'tee', PGDG_LIST], input: `${source}\n` },
        // every list, not only PGDG's: a fresh container has none to resolve dependencies from
        { argv: [...sudo, 'apt-get', 'update'] },
        aptGetInstall(sudo, [`postgresql-client-${o.major}`])
    ];
    const undo = [
        { argv: [...sudo, 'rm', '-f', PGDG_LIST, PGDG_KEYRING] },
        {
            argv: [
                ...sudo,
                'rmdir',
                '--ignore-fail-on-non-empty',
                keyDir,
                keyDir.slice(0, keyDir.lastIndexOf('/'))
            ]
        }
    ];
    return { commands, sources: [source], undo, sudo };
}
/** The value of KEY=value (optionally quoted) in an os-release file. */
function osReleaseValue(text, key) {
    const m = new RegExp(`^${key}=(["']?)(.*)\\1\\s*$`, 'm').exec(text);
    return m && m[2] !== '' ? m[2] : undefined;
}
async function onPath(program, path) {
    for (const dir of path.split(node_path__WEBPACK_IMPORTED_MODULE_2__.delimiter)) {
        if (dir === '')
            continue;
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, program), node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK);
            return true;
        }
        catch {
            // not in this folder
        }
    }
    return false;
}
/**
 * The plan for this machine: Linux with apt-get (and sudo unless root)
 * on PATH and a codename in /etc/os-release (UBUNTU_CODENAME first, so Ubuntu
 * derivatives use Ubuntu's, then VERSION_CODENAME). Otherwise no plan and the
 * reason in one sentence.
 */
async function installPlanForThisMachine(major, facts = {}) {
    const platform = facts.platform ?? process.platform;
    if (platform !== 'linux')
        return {
            reason: `installing a PostgreSQL client is automated only on Linux with apt, not on ${platform}`
        };
    const path = facts.path ?? process.env.PATH ?? '';
    const root = facts.root ?? process.getuid?.() === 0;
    for (const program of ['apt-get', ...(root ? [] : ['sudo'])]) {
        if (!(await onPath(program, path)))
            return {
                reason: `installing a PostgreSQL client needs ${program}, which is not on PATH`
            };
    }
    const file = facts.osReleaseFile ?? '/etc/os-release';
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8');
    }
    catch {
        return { reason: `cannot read ${file} to learn the distribution` };
    }
    const codename = osReleaseValue(text, 'UBUNTU_CODENAME') ??
        osReleaseValue(text, 'VERSION_CODENAME');
    if (!codename)
        return { reason: `${file} names no distribution codename` };
    try {
        return { plan: aptInstallPlan({ major, codename, root }) };
    }
    catch (error) {
        return { reason: error instanceof Error ? error.message : String(error) };
    }
}
/** An install command failed; carries its exit code and stderr. */
class ClientInstallError extends Error {
    name = 'ClientInstallError';
    argv;
    exitCode;
    stderr;
    constructor(argv, exitCode, stderr) {
        super(`Installing the PostgreSQL client failed: ${argv.map(_process_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .displayArg */ .tR).join(' ')} ` +
            (exitCode < 0 ? 'could not start' : `exited ${exitCode}`) +
            (stderr ? `:\n${stderr}` : ''));
        this.argv = argv;
        this.exitCode = exitCode;
        this.stderr = stderr;
    }
}


/***/ }),

/***/ 6121:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ Follower),
/* harmony export */   y: () => (/* binding */ HeadWatch)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1455);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8522);
/* harmony import */ var _archive_custom_data_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(8572);
/* harmony import */ var _archive_writer_watch_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(1349);
/* harmony import */ var _archive_custom_toc_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(5968);
// Follows a custom archive while pg_dump writes it. pg_dump writes the header
// and table of contents, appends the data blocks, and at the end rewrites the
// table of contents in place with the blocks' offsets. The follower reads
// the file as it grows and reads its data blocks back in this process
// (archive/custom-data.ts), inflating every block while pg_dump still
// works; it keeps the table of contents as read, where each block started,
// and a CRC-32 of the data it read, so the finished file can be shown to
// hold the bytes that were read.





// one buffer, reused once the reader has taken its bytes (it keeps none):
// the action's memory stays flat whatever the dump's size
const CHUNK = 1 << 16;
/**
 * How long the follower waits when it has caught up with pg_dump: 200 ms of
 * its output at a time rather than 20 took a fifth less of the step's CPU
 * (fewer reads, wake-ups and context switches); pg_dump's exit wakes it at
 * once.
 */
const POLL_MS = 200;
/** The table of contents is parsed on (from where it got to) once the bytes held have grown by this much. */
const PARSE_STEP = 1 << 16;
/** Reads a growing custom archive back until told the writer has ended. */
class Follower {
    #file;
    #writer = new _archive_writer_watch_js__WEBPACK_IMPORTED_MODULE_2__/* .WriterWatch */ .J(POLL_MS);
    constructor(file) {
        this.#file = file;
    }
    /** pg_dump has exited: read what is left, to the end. */
    writerEnded() {
        this.#writer.end();
    }
    /** pg_dump failed or was stopped: stop reading. */
    stop() {
        this.#writer.stop();
    }
    async #openFile() {
        for (;;) {
            const ended = this.#writer.ended;
            try {
                return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(this.#file, 'r');
            }
            catch (error) {
                if (error.code !== 'ENOENT')
                    throw error;
            }
            if (ended || this.#writer.stopped)
                return undefined;
            await this.#writer.pause();
        }
    }
    /**
     * Runs until the file is read to its end once pg_dump has exited, or it
     * is stopped; rejects with a DataProblem at the first block that does not
     * read back. Stops early, without a head, when the archive is one this
     * reader does not know (a version, lz4 or zstd): it is then read back
     * once finished.
     */
    async run() {
        const followed = { length: 0, dataCrc: 0 };
        const handle = await this.#openFile();
        if (!handle)
            return followed;
        const head = new HeadWatch();
        const chunk = Buffer.allocUnsafe(CHUNK);
        let reader;
        try {
            for (;;) {
                const endedBefore = this.#writer.ended;
                if (this.#writer.stopped)
                    return followed;
                const { bytesRead } = await handle.read(chunk, 0, CHUNK, followed.length);
                if (bytesRead === 0) {
                    // pg_dump had exited before this read found nothing: the end
                    if (endedBefore)
                        break;
                    await this.#writer.pause();
                    continue;
                }
                followed.length += bytesRead;
                const data = head.add(chunk.subarray(0, bytesRead));
                if (head.givenUp)
                    return { length: followed.length, dataCrc: 0 };
                if (data)
                    reader = this.#read(reader, head, data, followed);
            }
            const rest = head.finish();
            if (head.givenUp)
                return { length: followed.length, dataCrc: 0 };
            if (rest)
                reader = this.#read(reader, head, rest, followed);
            // an empty file: read back once finished (and refused)
            if (!reader)
                return followed;
            reader.end();
        }
        finally {
            reader?.close();
            await handle.close();
        }
        const { head: bytes, toc } = head;
        return { ...followed, head: bytes, toc, blocks: reader.blocks };
    }
    /** Reads data bytes back, taking their CRC-32. */
    #read(reader, head, data, followed) {
        const into = reader ?? new _archive_custom_data_js__WEBPACK_IMPORTED_MODULE_3__/* .CustomDataReader */ .Lv(head.toc);
        followed.dataCrc = (0,node_zlib__WEBPACK_IMPORTED_MODULE_1__.crc32)(data, followed.dataCrc);
        into.push(data);
        return into;
    }
}
/**
 * Holds the start of the stream until its table of contents parses, to
 * learn where the data starts; from there on, passes the data through.
 */
class HeadWatch {
    /** the bytes held, in a buffer that doubles as it fills (copied once each) */
    #buffer = Buffer.alloc(0);
    #held = 0;
    #triedAt = 0;
    /** how far the table of contents parsed: each try goes on from there */
    #progress = {};
    toc;
    head;
    /** the archive is one this reader does not read */
    givenUp = false;
    /** once given up: the bytes held until then (a stream's reader hands them on) */
    dropped;
    /**
     * Takes the next bytes of the stream; returns the data among them once
     * the table of contents has parsed (a view of `bytes`, or of the bytes
     * held until then).
     */
    add(bytes) {
        if (this.toc)
            return bytes;
        if (this.givenUp)
            return undefined;
        // a copy: the follower reuses its buffer
        this.#hold(bytes);
        if (this.#held - this.#triedAt < PARSE_STEP)
            return undefined;
        this.#triedAt = this.#held;
        return this.#parse(false);
    }
    /** A last try when the stream ended before the parse step was reached. */
    finish() {
        if (this.toc || this.givenUp || this.#held === 0)
            return undefined;
        return this.#parse(true);
    }
    #hold(bytes) {
        const need = this.#held + bytes.length;
        if (need > this.#buffer.length) {
            const grown = Buffer.allocUnsafe(Math.max(need, 2 * this.#buffer.length));
            this.#buffer.copy(grown, 0, 0, this.#held);
            this.#buffer = grown;
        }
        bytes.copy(this.#buffer, this.#held);
        this.#held = need;
    }
    /** Parses what is held (on from the last try); once it parses, the data held so far. */
    #parse(last) {
        const held = this.#buffer.subarray(0, this.#held);
        const toc = (0,_archive_custom_toc_js__WEBPACK_IMPORTED_MODULE_4__/* .tocParse */ .uq)(held, this.#progress);
        if (typeof toc === 'string') {
            // an archive version this parser does not read, or a file that ends
            // inside its table of contents: the finished file is read back
            // after pg_dump
            this.givenUp = toc === 'unknown' || last || this.#held > _archive_custom_toc_js__WEBPACK_IMPORTED_MODULE_4__/* .TOC_LIMIT */ .Hb;
            if (this.givenUp) {
                this.dropped = held;
                this.#buffer = Buffer.alloc(0);
            }
            return undefined;
        }
        this.#buffer = Buffer.alloc(0);
        // lz4 and zstd are left to pg_restore, once the file is finished
        if (!(0,_archive_custom_data_js__WEBPACK_IMPORTED_MODULE_3__/* .dataReadable */ .zj)(toc)) {
            this.givenUp = true;
            this.dropped = held;
            return undefined;
        }
        this.toc = toc;
        this.head = held.subarray(0, toc.dataStart);
        return held.subarray(toc.dataStart);
    }
}


/***/ }),

/***/ 1483:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ ReadingThread),
/* harmony export */   Q: () => (/* binding */ servedAsReadingThread)
/* harmony export */ });
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5919);
/* harmony import */ var _thread_protocol_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7309);
// Where the read-back of a dump being written runs: a thread of its own at
// the lowest priority (thread-serve.ts), which leaves pg_dump and the server
// the CPU they want and reads in what is left idle; the step's thread only
// passes pg_dump's news on. A bundle is one file with its chunks, so a
// reading thread starts from the program's entry point (the action's or the
// CLI's), which serves as a reading thread when started as one; unbundled
// (the sources run as they are), from thread-serve.ts itself.


/** The program's entry point, where reading threads start. */
let entry;
/**
 * Called first by each entry point with its own URL. In a reading thread
 * started from it, serves as one and returns true: the entry does nothing
 * else. Otherwise returns false, the entry noted as where reading threads
 * start.
 */
async function servedAsReadingThread(entryUrl) {
    if ((0,_thread_protocol_js__WEBPACK_IMPORTED_MODULE_1__/* .isReadingThread */ .FV)()) {
        await __nccwpck_require__.e(/* import() */ 382).then(__nccwpck_require__.bind(__nccwpck_require__, 1382));
        return true;
    }
    entry = new URL(entryUrl);
    return false;
}
/** Where a reading thread starts: the entry point, else the serving module beside this one. */
function threadStart() {
    return entry ?? new URL(import.meta.url.replace(/[^/]*$/, 'thread-serve.ts'));
}
/**
 * A reading thread, for one dump: its readings' answers come back as
 * promises; `close` ends it.
 */
class ReadingThread {
    #worker;
    #waiting = new Map();
    #next = 0;
    /** why the thread can no longer answer, once it cannot */
    #broken;
    constructor() {
        this.#worker = new node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.Worker(threadStart(), {
            workerData: { role: _thread_protocol_js__WEBPACK_IMPORTED_MODULE_1__/* .READER_ROLE */ .pn },
            // it holds little but its buffers (outside the heap): a small young
            // generation keeps its memory flat with the dump's size
            resourceLimits: { maxYoungGenerationSizeMb: 4 }
        });
        this.#worker.on('message', (answer) => {
            const waiting = this.#waiting.get(answer.id);
            this.#waiting.delete(answer.id);
            if (answer.ok)
                waiting?.resolve(answer.value);
            else
                waiting?.reject((0,_thread_protocol_js__WEBPACK_IMPORTED_MODULE_1__/* .errorOf */ .Mz)(answer.failure));
        });
        this.#worker.on('error', (error) => this.#break(error));
        this.#worker.on('exit', code => this.#break(new Error(`the reading thread ended (exit code ${code})`)));
    }
    /** Follows a custom archive pg_dump is writing (follow.ts). */
    follow(file) {
        const reading = this.#ask({ op: 'follow', file });
        const done = reading.done.then(followed => {
            const { head } = followed;
            // a Buffer arrives as a Uint8Array
            if (!head)
                return followed;
            return {
                ...followed,
                head: Buffer.from(head.buffer, head.byteOffset, head.byteLength)
            };
        });
        done.catch(() => { }); // awaited by whoever asks for it
        return { ...reading, done };
    }
    /** Follows one data file a pg_dump worker is writing (archive/data-file.ts). */
    dataFile(path) {
        return this.#ask({ op: 'data-file', path });
    }
    /** Ends the thread; what it still reads is dropped. */
    async close() {
        this.#break(new Error('the reading thread was closed'));
        await this.#worker.terminate();
    }
    #ask(ask) {
        const id = ++this.#next;
        const done = new Promise((resolve, reject) => {
            if (this.#broken) {
                reject(this.#broken);
                return;
            }
            this.#waiting.set(id, {
                resolve: resolve,
                reject
            });
            this.#worker.postMessage({ id, ...ask });
        });
        done.catch(() => { }); // awaited by whoever asks for it
        const tell = (op) => {
            if (!this.#broken)
                this.#worker.postMessage({ id, op });
        };
        return { done, end: () => tell('end'), stop: () => tell('stop') };
    }
    /** Fails every reading still waiting: the thread cannot answer them. */
    #break(error) {
        this.#broken ??= error;
        for (const waiting of this.#waiting.values())
            waiting.reject(error);
        this.#waiting.clear();
    }
}


/***/ }),

/***/ 7309:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FV: () => (/* binding */ isReadingThread),
/* harmony export */   Mz: () => (/* binding */ errorOf),
/* harmony export */   g5: () => (/* binding */ failureOf),
/* harmony export */   pn: () => (/* binding */ READER_ROLE)
/* harmony export */ });
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5919);
/* harmony import */ var _archive_custom_data_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8572);
// What the step's thread and its reading thread (reading-thread.ts, the
// step's side; thread-serve.ts, the thread's) say to each other. The step
// asks for a reading (a custom archive followed while pg_dump writes it, or
// one data file of a directory archive) and passes on what it learns of
// pg_dump; the thread answers each reading once, with what it read or why
// it failed.


/** Marks a worker started as a reading thread (its workerData). */
const READER_ROLE = 'pg-dumper reading thread';
/** Whether this thread was started as a reading thread. */
function isReadingThread() {
    return (!node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.isMainThread &&
        node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.workerData?.role === READER_ROLE);
}
function failureOf(error) {
    const { message, code } = error;
    return {
        message: typeof message === 'string' ? message : String(error),
        code,
        data: error instanceof _archive_custom_data_js__WEBPACK_IMPORTED_MODULE_1__/* .DataProblem */ ._O
    };
}
/** The failure as an Error again: a DataProblem where it was one. */
function errorOf(failure) {
    if (failure.data)
        return new _archive_custom_data_js__WEBPACK_IMPORTED_MODULE_1__/* .DataProblem */ ._O(failure.message);
    return Object.assign(new Error(failure.message), { code: failure.code });
}


/***/ }),

/***/ 6911:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ay: () => (/* binding */ commandLine),
/* harmony export */   gf: () => (/* binding */ childEnv),
/* harmony export */   mD: () => (/* binding */ isUsageError),
/* harmony export */   oh: () => (/* binding */ failureMessage),
/* harmony export */   tR: () => (/* binding */ displayArg),
/* harmony export */   tw: () => (/* binding */ ToolRunner),
/* harmony export */   zB: () => (/* binding */ ToolNotRunnable)
/* harmony export */ });
/* unused harmony export redact */
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6985);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
// Runs one PostgreSQL program through @actions/exec: argument array (never a
// shell), password through the environment, command logged with secrets
// redacted, exit code and stderr handed back for the caller to judge.


/** The tool's own message, or what its exit says when it printed none. */
function failureMessage(tool, result) {
    if (result.stderr)
        return result.stderr;
    return result.exitCode === -1
        ? `${tool} was killed by a signal`
        : `${tool} exited with code ${result.exitCode}`;
}
/** The tool could not be started at all (missing executable, spawn error). */
class ToolNotRunnable extends Error {
    name = 'ToolNotRunnable';
    /** the tool that is missing, when it is known */
    tool;
    constructor(message, tool) {
        super(message);
        this.tool = tool;
    }
}
// pg tools end an invalid-arguments message with this hint
const USAGE_HINT = /Try "[\w.-]+ --help" for more information/;
/** True when a tool's stderr says its arguments were invalid. */
function isUsageError(stderr) {
    return USAGE_HINT.test(stderr);
}
/**
 * The program as @actions/exec's first argument, which it reads as a command
 * line and splits at spaces: a path such as
 * `C:\Program Files\PostgreSQL\17\bin\psql.exe` is quoted. Every program
 * the core runs goes through here.
 */
function commandLine(executable) {
    if (executable.includes('"')) {
        throw new ToolNotRunnable(`Cannot run a program whose path holds a double quote: ${executable}`);
    }
    return /\s/.test(executable) ? `"${executable}"` : executable;
}
/**
 * Quotes an argument for display only; commands are never run through a
 * shell. Control characters (a line break in a file name) are shown escaped,
 * `$'…\n…'`, so a logged command stays on one line and cannot start a
 * workflow command.
 */
function displayArg(arg) {
    if (/^[\w@%+=:,./-]+$/.test(arg))
        return arg;
    // eslint-disable-next-line no-control-regex
    if (!/[\u0000-\u001f\u007f]/.test(arg))
        return `'${arg.replace(/'/g, `'\\''`)}'`;
    const escaped = [...arg]
        .map(c => {
        const code = c.codePointAt(0);
        if (c === '\\' || c === "'")
            return `\\${c}`;
        if (c === '\n')
            return '\\n';
        if (c === '\t')
            return '\\t';
        if (c === '\r')
            return '\\r';
        return code < 0x20 || code === 0x7f
            ? `\\x${code.toString(16).padStart(2, '0')}`
            : c;
    })
        .join('');
    return `$'${escaped}'`;
}
/** Replaces every secret in text by ***. */
function redact(text, secrets) {
    let out = text;
    for (const secret of secrets) {
        if (secret.length > 0)
            out = out.split(secret).join('***');
    }
    return out;
}
/**
 * The child's environment: ours, without the runner's INPUT_* variables (the
 * connection input holds the password), plus the given variables.
 */
function childEnv(extra = {}) {
    const env = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (value !== undefined && !key.startsWith('INPUT_'))
            env[key] = value;
    }
    return { ...env, ...extra };
}
/** Runs PostgreSQL programs with the shared options. */
class ToolRunner {
    options;
    constructor(options) {
        this.options = options;
    }
    /** The path (or bare name, for PATH lookup) of a tool. */
    executable(tool) {
        const { binDir } = this.options;
        const name = process.platform === 'win32' ? `${tool}.exe` : tool;
        return binDir ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(binDir, name) : name;
    }
    /** Runs the tool to completion; throws ToolNotRunnable if it never started. */
    async run(tool, args) {
        const { logger, secrets = [] } = this.options;
        const executable = this.executable(tool);
        const shown = [executable, ...args].map(displayArg).join(' ');
        const line = `$ ${redact(shown, secrets)}`;
        if (this.options.quiet)
            logger.debug(line);
        else
            logger.info(line);
        try {
            const result = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_0__/* .getExecOutput */ .H)(commandLine(executable), [...args], {
                ignoreReturnCode: true,
                silent: true,
                env: childEnv(this.options.env),
                ...(this.options.input && { input: this.options.input }),
                listeners: {
                    ...(this.options.onOutLine && { stdline: this.options.onOutLine }),
                    errline: raw => {
                        const line = redact(raw, secrets);
                        if (!this.options.unloggedStderr)
                            logger.debug(line);
                        this.options.onErrLine?.(line);
                    }
                }
            });
            return {
                exitCode: typeof result.exitCode === 'number' ? result.exitCode : -1,
                stdout: result.stdout,
                stderr: redact(result.stderr.trim(), secrets)
            };
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            throw new ToolNotRunnable(redact(message, secrets));
        }
    }
}


/***/ }),

/***/ 3334:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FD: () => (/* binding */ serverVersionOf),
/* harmony export */   P3: () => (/* binding */ RESTRICTED_MODE_RELEASES),
/* harmony export */   Zy: () => (/* binding */ compareVersions),
/* harmony export */   jJ: () => (/* binding */ hasRestrictedMode),
/* harmony export */   ot: () => (/* binding */ parseVersion)
/* harmony export */ });
// PostgreSQL version numbers as the tools and the server print them.
/**
 * Reads a version from text such as `pg_dump (PostgreSQL) 15.18 (Debian …)`,
 * `15.18 (Debian 15.18-0+deb12u1)`, `17beta1` or `9.6.24`.
 */
function parseVersion(text) {
    const m = /(?:^|\s|\))(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(?:alpha|beta|rc|devel)\d*)?(?=\s|$|\))/.exec(text.replace(/^.*\(PostgreSQL\)\s*/, ''));
    if (!m)
        return undefined;
    const major = Number(m[1]);
    // before 10, the major was two numbers (9.6); we keep the first as major
    const minor = major < 10 ? Number(m[3] ?? 0) : Number(m[2] ?? 0);
    const printed = [m[1], m[2], m[3]].filter(p => p !== undefined).join('.');
    return { major, minor, text: printed };
}
/** The server's version as `SHOW server_version` printed it; major 0 when it reads as none. */
function serverVersionOf(printed) {
    return (parseVersion(printed) ?? {
        major: 0,
        minor: 0,
        text: printed.split(/\s+/)[0] ?? ''
    });
}
/** Orders versions: negative when a is older than b. */
function compareVersions(a, b) {
    return a.major - b.major || a.minor - b.minor;
}
/**
 * The first release of each major whose psql has restricted mode
 * (`\restrict`, August 2025): 18 and later have it from the start; 12 and
 * older never got it.
 */
const RESTRICTED_MODE_SINCE = {
    13: 22,
    14: 19,
    15: 14,
    16: 10,
    17: 6
};
/** True when this release's psql knows `\restrict`. */
function hasRestrictedMode(v) {
    const since = RESTRICTED_MODE_SINCE[v.major];
    return v.major >= 18 || (since !== undefined && v.minor >= since);
}
/** The releases whose psql has restricted mode, for messages. */
const RESTRICTED_MODE_RELEASES = `${Object.entries(RESTRICTED_MODE_SINCE)
    .map(([major, minor]) => `${major}.${minor}`)
    .join(', ')} or newer of each major, or any 18+`;


/***/ }),

/***/ 6985:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  H: () => (/* binding */ getExecOutput)
});

// UNUSED EXPORTS: exec

// EXTERNAL MODULE: external "string_decoder"
var external_string_decoder_ = __nccwpck_require__(3193);
;// CONCATENATED MODULE: external "os"
const external_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(4434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
// EXTERNAL MODULE: external "assert"
var external_assert_ = __nccwpck_require__(2613);
;// CONCATENATED MODULE: external "fs"
const external_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io-util.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open: io_util_open, readdir, rename, rm, rmdir, stat, symlink, unlink } = external_fs_namespaceObject.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = external_fs_namespaceObject.constants.O_RDONLY;
function exists(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return __awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return __awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = external_path_namespaceObject.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = external_path_namespaceObject.dirname(filePath);
                        const upperName = external_path_namespaceObject.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = external_path_namespaceObject.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io.js
var io_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield io_copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (ioUtil.IS_WINDOWS) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield ioUtil.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield ioUtil.mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(external_path_namespaceObject.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(external_path_namespaceObject.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(external_path_namespaceObject.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(external_path_namespaceObject.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield io_copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function io_copyFile(srcFile, destFile, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var toolrunner_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const toolrunner_IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (toolrunner_IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_namespaceObject.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_namespaceObject.EOL.length);
                n = s.indexOf(external_os_namespaceObject.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return toolrunner_awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (toolrunner_IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_namespaceObject.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => toolrunner_awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_namespaceObject.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new external_string_decoder_.StringDecoder('utf8');
        const stderrDecoder = new external_string_decoder_.StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(518);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
