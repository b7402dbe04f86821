import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeSanitize from 'rehype-sanitize';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { Highlighter } from './highlighter.ts';
import type { LinkIndex } from './link-index.ts';
import rehypeChapterLinks from './plugins/rehype-chapter-links.ts';
import rehypeFigures from './plugins/rehype-figures.ts';
import rehypeHighlight from './plugins/rehype-highlight.ts';
import rehypeDiagramFences from './plugins/rehype-diagram-fences.ts';
import rehypeLocalImages from './plugins/rehype-local-images.ts';
import rehypeMath from './plugins/rehype-math.ts';
import rehypeNamedAnchors from './plugins/rehype-named-anchors.ts';
import rehypeRawWhenPresent from './plugins/rehype-raw-when-present.ts';
import rehypeReportUnsafe from './plugins/rehype-report-unsafe.ts';
import rehypeTableWrap from './plugins/rehype-table-wrap.ts';
import rehypeUrlPolicy from './plugins/rehype-url-policy.ts';
import remarkAdmonitions from './plugins/remark-admonitions.ts';
import remarkAttributeLists from './plugins/remark-attribute-lists.ts';
import remarkCallouts from './plugins/remark-callouts.ts';
import remarkForeignBlocks from './plugins/remark-foreign-blocks.ts';
import remarkGithubAlerts from './plugins/remark-github-alerts.ts';
import remarkTemplateTags from './plugins/remark-template-tags.ts';
import remarkIncludes from './plugins/remark-includes.ts';
import remarkChapterTitle from './plugins/remark-chapter-title.ts';
import remarkHeadingIds from './plugins/remark-heading-ids.ts';
import remarkPlainDirectives from './plugins/remark-plain-directives.ts';
import remarkAltText from './plugins/remark-alt-text.ts';
import remarkKramdownToc from './plugins/remark-kramdown-toc.ts';
import rehypeMdxTabs from './plugins/rehype-mdx-tabs.ts';
import rehypeAltText from './plugins/rehype-alt-text.ts';
import rehypeHeadingLevels from './plugins/rehype-heading-levels.ts';
import rehypeLinkText from './plugins/rehype-link-text.ts';
import rehypeTableHeaders from './plugins/rehype-table-headers.ts';
import { handbookSchema } from './sanitize-schema.ts';

/**
 * First half, per chapter alone: Markdown → mdast with other tools' syntax read as they
 * read it (includes, shortcodes, admonitions, alerts, attribute lists), callouts, the
 * title lifted out and heading ids set. Its output (titles, heading ids) is what the link
 * index is made from. `root` bounds what an include may read.
 */
export function createMarkdownProcessor(root: string) {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkMath)
    .use(remarkDirective)
    .use(remarkIncludes, { root })
    .use(remarkTemplateTags)
    .use(remarkForeignBlocks)
    .use(remarkAdmonitions)
    .use(remarkGithubAlerts)
    .use(remarkAttributeLists)
    .use(remarkPlainDirectives)
    .use(remarkCallouts)
    .use(remarkAltText)
    .use(remarkChapterTitle)
    .use(remarkHeadingIds)
    .use(remarkKramdownToc)
    .freeze();
}

/** A footnote's way back: ↑ rather than the default ↩, which the theme's fonts do not have. */
const FOOTNOTE_BACK = '↑';

export interface HtmlProcessorOptions {
  root: string;
  index: LinkIndex;
  highlighter: Highlighter;
}

/**
 * Second half, once every chapter's anchors are known: mdast → a sanitised hast tree with
 * links between chapters resolved, images registered, code highlighted.
 */
export function createHtmlProcessor(options: HtmlProcessorOptions) {
  return (
    unified()
      .use(remarkRehype, { allowDangerousHtml: true, footnoteBackContent: FOOTNOTE_BACK })
      .use(rehypeRawWhenPresent)
      .use(rehypeMdxTabs)
      .use(rehypeReportUnsafe)
      .use(rehypeNamedAnchors)
      .use(rehypeUrlPolicy)
      .use(rehypeSanitize, handbookSchema)
      // What would make the editions inaccessible, said where the author can fix it.
      .use(rehypeAltText)
      .use(rehypeLinkText)
      .use(rehypeTableHeaders)
      .use(rehypeHeadingLevels)
      .use(rehypeChapterLinks, { root: options.root, index: options.index })
      .use(rehypeLocalImages, { root: options.root, index: options.index })
      .use(rehypeFigures)
      .use(rehypeMath)
      .use(rehypeDiagramFences)
      .use(rehypeHighlight, options.highlighter)
      .use(rehypeTableWrap)
      .freeze()
  );
}

export type { HastRoot, MdastRoot };
