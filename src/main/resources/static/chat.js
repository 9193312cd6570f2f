// The web chat: one session per browser tab session, kept in sessionStorage so a reload continues it.
(function () {
  'use strict';
  const log = document.getElementById('log');
  const choicesBox = document.getElementById('choices');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const sendButton = document.getElementById('send');
  const status = document.getElementById('status');
  let sessionId = sessionStorage.getItem('chatSessionId');
  let busy = false;

  function bubble(from, text) {
    const item = document.createElement('li');
    item.className = 'msg ' + from;
    const p = document.createElement('p');
    p.textContent = text;
    item.appendChild(p);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function showChoices(choices) {
    choicesBox.replaceChildren();
    (choices || []).forEach(function (choice) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = choice.label;
      button.dataset.postback = choice.postback;
      button.addEventListener('click', function () {
        send({ postback: choice.postback }, choice.label);
      });
      choicesBox.appendChild(button);
    });
  }

  function render(messages) {
    let last = [];
    (messages || []).forEach(function (message) {
      bubble(message.from || 'bot', message.text);
      if (message.choices && message.choices.length) {
        last = message.choices;
      }
    });
    showChoices(last);
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: body ? JSON.stringify(body) : undefined
    });
    const data = await response.json().catch(function () { return {}; });
    return { status: response.status, data: data };
  }

  async function startSession() {
    const result = await post('/api/chat/sessions');
    if (result.status !== 201) {
      throw new Error('start failed');
    }
    sessionId = result.data.sessionId;
    sessionStorage.setItem('chatSessionId', sessionId);
    render(result.data.messages);
  }

  async function send(body, shown) {
    if (busy) {
      return;
    }
    setBusy(true);
    status.textContent = '';
    bubble('user', shown);
    try {
      let result = await post('/api/chat/sessions/' + encodeURIComponent(sessionId) + '/messages', body);
      if (result.status === 404) {
        await startSession();
        result = await post('/api/chat/sessions/' + encodeURIComponent(sessionId) + '/messages', body);
      }
      if (result.status === 200) {
        render(result.data.messages);
      } else if (result.status === 400) {
        status.textContent = '送信できませんでした。メッセージの内容を確認してください（2000文字まで）。';
      } else {
        status.textContent = 'ただいま混み合っています。少し待ってからもう一度お試しください。';
      }
    } catch (e) {
      status.textContent = '接続できませんでした。通信環境を確認してください。';
    } finally {
      setBusy(false);
      input.focus();
    }
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      return;
    }
    input.value = '';
    send({ text: text }, text);
  });

  (async function init() {
    try {
      if (sessionId) {
        const result = await post('/api/chat/sessions/' + encodeURIComponent(sessionId) + '/messages', { text: '/start' });
        if (result.status === 200) {
          render(result.data.messages);
          return;
        }
      }
      await startSession();
    } catch (e) {
      status.textContent = '接続できませんでした。ページを再読み込みしてください。';
    }
  })();
})();
