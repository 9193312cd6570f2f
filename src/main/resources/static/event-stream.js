// Reads a server-sent event stream from a fetch() response (EventSource cannot send an
// Authorization header, and fetch lets the pages tell a 404 or 401 from a dropped connection).
// Shared by the web chat and the agent console.
window.readEventStream = async function (response, dispatch, heard) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let name = 'message';
  let data = [];
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        break;
      }
      if (heard) {
        heard();
      }
      buffer += decoder.decode(chunk.value, { stream: true });
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length) {
            dispatch(name, data.join('\n'));
          }
          name = 'message';
          data = [];
        } else if (line.startsWith('event:')) {
          name = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      }
    }
  } catch (e) {
    // dropped or aborted
  }
  return 'dropped';
};
