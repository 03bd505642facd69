//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations.

use std::io::Write;

use super::FileReport;

/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message`.
pub(crate) fn write_github(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    for report in reports {
        for located in report.located() {
            let d = located.diagnostic;
            let ((line, column), (end_line, end_column)) = (located.start, located.end);
            writeln!(
                out,
                "::{} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title={}::{}",
                d.severity.as_str(),
                escape_property(&report.path),
                escape_property(&d.rule),
                escape_data(&d.message)
            )?;
        }
    }
    Ok(())
}

/// A workflow command's message, escaped as GitHub's toolkit does (`escapeData`).
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: the message escapes plus `:` and `,`, which would
/// otherwise end the value (`escapeProperty`).
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_data_and_properties_differently() {
        assert_eq!(escape_data("50% a:b, c\r\nd"), "50%25 a:b, c%0D%0Ad");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
